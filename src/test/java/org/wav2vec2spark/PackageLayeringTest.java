package org.wav2vec2spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The package rules of {@code STYLE.md}, checked on the compiled main classes: each pipeline stage
 * is a package, the stages below the jobs are plain Java (no Spark, Hadoop or Scala; DJL only where
 * the model runs), no package reaches back into one that uses it, and the jobs' entry classes
 * cannot be instantiated.
 *
 * <p>The allowed uses between stages are listed once, in {@link #stagesUseOnlyWhatTheyAreMeantTo}:
 * a change that needs a new one changes that list, in review, rather than slipping in.
 */
class PackageLayeringTest {

    private static final String BASE = "org.wav2vec2spark";

    private static final JavaClasses MAIN_CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(BASE);

    @Test
    void importsEveryStage() {
        // Without this, an importer that found nothing would let every rule below pass.
        for (String stage : List.of("audio", "features", "model", "ctc", "metrics", "data")) {
            assertThat(MAIN_CLASSES.that(resideIn(stage)))
                    .as("main classes in %s.%s", BASE, stage)
                    .isNotEmpty();
        }
        assertThat(MAIN_CLASSES.contain(BASE + ".jobs.EvaluateJob")).isTrue();
        assertThat(MAIN_CLASSES.contain(BASE + ".report.HtmlReport")).isTrue();
        assertThat(MAIN_CLASSES.contain(BASE + ".nightly.RegressionCheck")).isTrue();
        assertThat(MAIN_CLASSES.contain(BASE + ".jobs.executor.PartitionEvaluator")).isTrue();
        assertThat(MAIN_CLASSES.contain(BASE + ".jobs.output.OutputRuns")).isTrue();
    }

    @Test
    void stagesUseOnlyWhatTheyAreMeantTo() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("data")
                .definedBy(BASE + ".data..")
                .layer("audio")
                .definedBy(BASE + ".audio..")
                .layer("features")
                .definedBy(BASE + ".features..")
                .layer("model")
                .definedBy(BASE + ".model..")
                .layer("ctc")
                .definedBy(BASE + ".ctc..")
                .layer("metrics")
                .definedBy(BASE + ".metrics..")
                .layer("report")
                .definedBy(BASE + ".report..")
                .layer("nightly")
                .definedBy(BASE + ".nightly..")
                .layer("jobs")
                .definedBy(BASE + ".jobs..")
                .whereLayer("jobs")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("data")
                .mayOnlyBeAccessedByLayers("jobs")
                // data reads FLAC headers to plan partitions by duration.
                .whereLayer("audio")
                .mayOnlyBeAccessedByLayers("data", "jobs")
                // model normalises its input as Wav2Vec2FeatureExtractor does.
                .whereLayer("features")
                .mayOnlyBeAccessedByLayers("model", "jobs")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers("jobs")
                // model reads the tokenizer settings the decoder applies from its directory;
                // metrics strips and splits on the same Python whitespace the decoder strips;
                // model and report word JSON syntax errors as the vocabulary's reader does.
                .whereLayer("ctc")
                .mayOnlyBeAccessedByLayers("model", "metrics", "report", "jobs")
                // report renders the alignments and counts metrics computes; nightly pairs the
                // counts of two runs and bootstraps their difference.
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers("report", "nightly", "jobs")
                // nightly checks the split summaries and returns the verdicts report renders.
                .whereLayer("report")
                .mayOnlyBeAccessedByLayers("nightly", "jobs")
                .whereLayer("nightly")
                .mayOnlyBeAccessedByLayers("jobs")
                .check(MAIN_CLASSES);
    }

    @Test
    void noPackageCycles() {
        // Sub-packages are slices of their own, so this also holds inside jobs.
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }

    @Test
    void executorCodeStaysOffTheDriverSide() {
        // What runs inside tasks gets small specs; it never reaches into the entry points, their
        // option parsing or the driver's output handling.
        noClasses()
                .that()
                .resideInAPackage(BASE + ".jobs.executor..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(BASE + ".jobs", BASE + ".jobs.cli..", BASE + ".jobs.output..")
                .check(MAIN_CLASSES);
    }

    @Test
    void jobPartsDoNotReachBackIntoTheEntryPoints() {
        noClasses()
                .that()
                .resideInAnyPackage(BASE + ".jobs.cli..", BASE + ".jobs.output..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(BASE + ".jobs")
                .check(MAIN_CLASSES);
    }

    @Test
    void onlyDataAndJobsSeeSparkHadoopOrScala() {
        noClasses()
                .that()
                .resideOutsideOfPackages(BASE + ".data..", BASE + ".jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
                .because("the stages below the jobs are plain Java, testable without Spark")
                .check(MAIN_CLASSES);
    }

    @Test
    void onlyModelAndJobsSeeDjl() {
        noClasses()
                .that()
                .resideOutsideOfPackages(BASE + ".model..", BASE + ".jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl..")
                .because("the engine is the model stage's business")
                .check(MAIN_CLASSES);
    }

    @Test
    void entryClassesCannotBeInstantiated() {
        classes()
                .that(haveAMainMethod())
                .should()
                .haveModifier(JavaModifier.FINAL)
                .andShould()
                .haveOnlyPrivateConstructors()
                .check(MAIN_CLASSES);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> withoutPackageInfo =
                    files.filter(Files::isDirectory)
                            .filter(PackageLayeringTest::holdsJavaSources)
                            .filter(folder -> !Files.exists(folder.resolve("package-info.java")))
                            .map(root::relativize)
                            .toList();
            assertThat(withoutPackageInfo).as("packages without package-info.java").isEmpty();
        }
    }

    private static boolean holdsJavaSources(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(entry -> entry.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + folder, e);
        }
    }

    private static DescribedPredicate<JavaClass> resideIn(String stage) {
        return JavaClass.Predicates.resideInAPackage(BASE + "." + stage + "..");
    }

    private static DescribedPredicate<JavaClass> haveAMainMethod() {
        return DescribedPredicate.describe(
                "have a main method",
                javaClass -> javaClass.tryGetMethod("main", String[].class).isPresent());
    }
}
