package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A worker of a two-worker standalone cluster killed, with its executor, while a submitted job runs
 * tasks on it: the job still finishes and its output has every input exactly once.
 *
 * <p>What makes this hold is Spark's, and the test checks it end to end: the driver reschedules the
 * lost executor's running tasks on the surviving worker, tasks that had finished are not rerun (a
 * result stage keeps their results), and the commit protocol (task attempts write under {@code
 * _temporary}; the driver's OutputCommitCoordinator lets one attempt per partition commit) keeps a
 * killed attempt's half-written files out of the committed folder.
 *
 * <p>Spark settings: the defaults suffice. {@code spark.task.maxFailures} (4) counts the one
 * failure of each task that was running on the killed executor (a disconnected executor counts as
 * caused by the app), far from the limit. The Master notices the worker's loss from its closed
 * connection at once, so neither {@code spark.worker.timeout} nor any {@code spark.deploy.*}
 * setting needs shortening.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerFailureIT {
    private static final Path WORK = Path.of("target/worker-failure-it").toAbsolutePath();

    /** The 60 samples copied this many times: enough work to still be running at the kill. */
    private static final int COPIES = 8;

    /** Partitions: small tasks, so both executors take many and a kill hits running ones. */
    private static final int PARTITIONS = 48;

    /** The Worker that is killed; Worker 0 survives. */
    private static final int VICTIM = 1;

    private LocalStandaloneCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        // One core per worker: the two executors together use the machine's two cores.
        cluster = LocalStandaloneCluster.start(WORK, 2, 1, "2g");
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void transcribeWritesEveryRecordingOnceWhenAWorkerDies() throws Exception {
        Path input = WORK.resolve("input");
        for (int i = 0; i < COPIES; i++) {
            SampleData.copyTo(input.resolve("copy-" + i));
        }
        List<Path> recordings = TranscribeFiles.flacRecordings(input);
        assertThat(recordings).hasSize(60 * COPIES);
        Path output = WORK.resolve("transcripts");

        String log =
                runKillingWorker(
                        TranscribeJob.class,
                        List.of(
                                "--input",
                                input.toString(),
                                "--model",
                                SampleData.MODEL.toString(),
                                "--output",
                                output.toString(),
                                "--format",
                                "jsonl",
                                "--partitions",
                                Integer.toString(PARTITIONS),
                                "--device",
                                "cpu"));

        Path run = output.resolve("run=1");
        assertThat(run.resolve("_SUCCESS")).exists();
        List<JsonObject> rows = TranscribeFiles.jsonRows(run);
        List<Path> sources =
                rows.stream().map(r -> Path.of(URI.create(r.get("source").getAsString()))).toList();
        assertThat(sources).as("one row per recording").doesNotHaveDuplicates();
        assertThat(sources).containsExactlyInAnyOrderElementsOf(recordings);
        assertThat(rows)
                .as("log:%n%s", log)
                .allSatisfy(r -> assertThat(r.get("status").getAsString()).isEqualTo("ok"));
    }

    @Test
    void evaluateCountsEveryUtteranceOnceWhenAWorkerDies() throws Exception {
        // The samples copied COPIES times into the same splits, each copy under new speaker ids so
        // that utterance ids stay unique as in LibriSpeech.
        Path data = WORK.resolve("data");
        for (int i = 0; i < COPIES; i++) {
            for (String split : SampleData.splits()) {
                copyAsSpeakers(SampleData.ROOT.resolve(split), data.resolve(split), i + 1);
            }
        }
        Path output = WORK.resolve("evaluation");

        runKillingWorker(
                EvaluateJob.class,
                List.of(
                        "--data",
                        data.toString(),
                        "--model",
                        SampleData.MODEL.toString(),
                        "--output",
                        output.toString(),
                        "--partitions",
                        Integer.toString(PARTITIONS),
                        "--device",
                        "cpu"));

        JsonObject splits =
                JsonParser.parseString(Files.readString(output.resolve("summary.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("splits");
        Map<String, Long> utterances = SampleData.utterancesBySplit(SampleData.ROOT);
        Map<String, Long> words = SampleData.referenceWordsBySplit(SampleData.ROOT);
        for (String split : SampleData.splits()) {
            JsonObject totals = splits.getAsJsonObject(split);
            assertThat(totals.get("utterances").getAsLong())
                    .as(split)
                    .isEqualTo(COPIES * utterances.get(split));
            assertThat(totals.get("failed").getAsLong()).as(split).isZero();
            assertThat(totals.get("words").getAsLong())
                    .as(split)
                    .isEqualTo(COPIES * words.get(split));
        }
    }

    /**
     * Submits {@code job}, kills Worker {@link #VICTIM} with its executor while that executor runs
     * a task (after it finished at least one, so the kill lands mid-job), and waits for the job.
     *
     * @return the driver's log
     */
    private String runKillingWorker(Class<?> job, List<String> args) throws Exception {
        Path logFile = WORK.resolve(job.getSimpleName() + ".log");
        Process submit =
                cluster.submit(
                        job,
                        // The driver's REST API says which executors run tasks, to time the kill.
                        Map.of("spark.ui.enabled", "true", "spark.ui.port", "0"),
                        args,
                        logFile);
        int uiPort =
                LocalStandaloneCluster.servicePort(
                        logFile, "SparkUI", submit, Duration.ofMinutes(2));
        Set<String> killed = killWhenBusy(submit, uiPort, logFile);
        boolean finished = submit.waitFor(4, TimeUnit.MINUTES);
        String log = Files.readString(logFile);
        assertThat(finished).as("job finished; log:%n%s", log).isTrue();
        assertThat(submit.exitValue()).as("exit code; log:%n%s", log).isZero();
        // The kill hit a running task, which Spark ran again on the survivor (attempt 1).
        for (String executor : killed) {
            assertThat(log).contains("Lost executor " + executor + " on");
        }
        assertThat(log)
                .as("log:%n%s", log)
                .contains("its executor exited for a reason unrelated to the task")
                .containsPattern("Starting task \\d+\\.1 in stage");
        return log;
    }

    /**
     * Polls the driver until the victim's executor has finished a task and is running another while
     * the survivor's executor is registered too, then kills the victim.
     *
     * @return the ids of the killed executors
     */
    private Set<String> killWhenBusy(Process submit, int uiPort, Path logFile) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (submit.isAlive() && System.nanoTime() < deadline) {
            Set<String> victims = cluster.executorIds(VICTIM);
            Set<String> survivors = cluster.executorIds(1 - VICTIM);
            Map<String, int[]> tasks = executorTasks(http, api);
            boolean survivorRegistered = survivors.stream().anyMatch(tasks::containsKey);
            boolean victimBusy =
                    victims.stream()
                            .map(tasks::get)
                            .anyMatch(t -> t != null && t[0] > 0 && t[1] > 0);
            if (survivorRegistered && victimBusy) {
                return cluster.killWorker(VICTIM);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "The victim's executor never ran a second task while the job ran; log:\n"
                        + Files.readString(logFile));
    }

    /** Executor id to {active tasks, completed tasks}, or empty while the driver is not up. */
    private static Map<String, int[]> executorTasks(HttpClient http, String api)
            throws InterruptedException {
        Map<String, int[]> tasks = new HashMap<>();
        try {
            JsonElement apps = get(http, api);
            if (!apps.isJsonArray() || apps.getAsJsonArray().isEmpty()) {
                return tasks;
            }
            String app = apps.getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
            JsonElement executors = get(http, api + "/" + app + "/executors");
            if (!executors.isJsonArray()) {
                return tasks;
            }
            for (JsonElement e : executors.getAsJsonArray()) {
                JsonObject executor = e.getAsJsonObject();
                tasks.put(
                        executor.get("id").getAsString(),
                        new int[] {
                            executor.get("activeTasks").getAsInt(),
                            executor.get("completedTasks").getAsInt()
                        });
            }
        } catch (IOException | JsonParseException notYet) {
            // The driver's UI is not listening yet, or answered with something that is not JSON.
        }
        return tasks;
    }

    private static JsonElement get(HttpClient http, String uri)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build();
        return JsonParser.parseString(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * Copies a LibriSpeech split ({@code <speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac} and
     * {@code .trans.txt}) into {@code to}, every speaker id prefixed with {@code prefix}.
     */
    private static void copyAsSpeakers(Path from, Path to, int prefix) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(source);
                String speaker = relative.getName(0).toString();
                String renamed = prefix + speaker;
                Path target =
                        to.resolve(renamed)
                                .resolve(relative.getName(1).toString())
                                .resolve(
                                        relative.getFileName()
                                                .toString()
                                                .replaceFirst("^" + speaker + "-", renamed + "-"));
                Files.createDirectories(target.getParent());
                if (source.toString().endsWith(".trans.txt")) {
                    Files.writeString(
                            target,
                            Files.readString(source)
                                    .replaceAll("(?m)^" + speaker + "-", renamed + "-"));
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
