package org.wav2vec2spark.jobs;

import org.wav2vec2spark.jobs.cli.WholeNumber;
import org.wav2vec2spark.nightly.RegressionPolicy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The nightly job's keys in a preset ({@code conf/*.properties}), next to the evaluate options the
 * same file holds. The evaluate job ignores these namespaces ({@link #isNightlyKey}); a mistyped
 * key inside them is an error here, so a typo cannot silently switch a check off.
 */
public final class NightlyPreset {

    /** {@code expect.<split>.wer}: the WER (fraction) the split is expected to reach. */
    public static final String EXPECT_PREFIX = "expect.";

    /** Suffix of the per-split expectation key. */
    public static final String EXPECT_WER_SUFFIX = ".wer";

    /** Absolute WER (fraction) a split may exceed its expectation by. */
    public static final String EXPECT_TOLERANCE = "expect.tolerance";

    /** Default of {@link #EXPECT_TOLERANCE}: 0.2 points. */
    public static final double EXPECT_TOLERANCE_DEFAULT = 0.002;

    /**
     * Absolute WER (fraction) rise over the previous comparable run that counts as a regression
     * when the bootstrap interval also lies above zero.
     */
    public static final String REGRESSION_TOLERANCE = "regression.tolerance";

    /** Default of {@link #REGRESSION_TOLERANCE}: 0.1 points. */
    public static final double REGRESSION_TOLERANCE_DEFAULT = 0.001;

    /** Paired bootstrap resamples. */
    public static final String BOOTSTRAP_REPLICATES = "bootstrap.replicates";

    /** Default of {@link #BOOTSTRAP_REPLICATES}. */
    public static final int BOOTSTRAP_REPLICATES_DEFAULT = 1000;

    /** Paired bootstrap interval coverage. */
    public static final String BOOTSTRAP_LEVEL = "bootstrap.level";

    /** Default of {@link #BOOTSTRAP_LEVEL}. */
    public static final double BOOTSTRAP_LEVEL_DEFAULT = 0.95;

    /** Paired bootstrap seed; fixed so that rerunning a night gives the same verdict. */
    public static final String BOOTSTRAP_SEED = "bootstrap.seed";

    /** Default of {@link #BOOTSTRAP_SEED}. */
    public static final long BOOTSTRAP_SEED_DEFAULT = 1;

    private static final List<String> NAMESPACES = List.of("expect.", "regression.", "bootstrap.");

    private NightlyPreset() {}

    /** Whether a preset key belongs to the nightly job (and is not an evaluate option). */
    public static boolean isNightlyKey(String key) {
        return NAMESPACES.stream().anyMatch(key::startsWith);
    }

    /** Reads a preset file's properties; a missing or unreadable file is an error naming it. */
    static Properties load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "Cannot read preset --config "
                            + file
                            + ": "
                            + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read preset --config " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /**
     * The regression policy of a preset (all defaults when {@code preset} is empty).
     *
     * @param preset the preset's properties
     * @param source the preset's name for messages
     * @param maxFailedFraction the failure allowance (the evaluate option's value)
     * @throws IllegalArgumentException naming the key for an unknown nightly key or a bad value
     */
    static RegressionPolicy policy(Properties preset, String source, double maxFailedFraction) {
        Map<String, Double> expected = new HashMap<>();
        for (String key : preset.stringPropertyNames()) {
            if (!isNightlyKey(key)
                    || List.of(
                                    EXPECT_TOLERANCE,
                                    REGRESSION_TOLERANCE,
                                    BOOTSTRAP_REPLICATES,
                                    BOOTSTRAP_LEVEL,
                                    BOOTSTRAP_SEED)
                            .contains(key)) {
                continue;
            }
            if (key.startsWith(EXPECT_PREFIX)
                    && key.endsWith(EXPECT_WER_SUFFIX)
                    && key.length() > EXPECT_PREFIX.length() + EXPECT_WER_SUFFIX.length()) {
                String split =
                        key.substring(
                                EXPECT_PREFIX.length(), key.length() - EXPECT_WER_SUFFIX.length());
                double wer = fraction(preset, source, key, 0);
                if (wer > 1) {
                    // A WER above 100% is possible, but an expectation of one is a percentage
                    // written where a fraction belongs (10 for 10%), which no run would fail.
                    throw new IllegalArgumentException(
                            source
                                    + ": "
                                    + key
                                    + " is a fraction (0.1 for 10%), got "
                                    + preset.getProperty(key).strip()
                                    + ", which would expect a WER of "
                                    + Math.round(wer * 100)
                                    + "%");
                }
                expected.put(split, wer);
                continue;
            }
            throw new IllegalArgumentException(
                    "Preset "
                            + source
                            + " has unknown nightly key '"
                            + key
                            + "'; expected expect.<split>.wer, "
                            + String.join(
                                    ", ",
                                    EXPECT_TOLERANCE,
                                    REGRESSION_TOLERANCE,
                                    BOOTSTRAP_REPLICATES,
                                    BOOTSTRAP_LEVEL,
                                    BOOTSTRAP_SEED));
        }
        double level = fraction(preset, source, BOOTSTRAP_LEVEL, BOOTSTRAP_LEVEL_DEFAULT);
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(
                    source + ": " + BOOTSTRAP_LEVEL + " must be in (0, 1), got " + level);
        }
        long replicates = whole(preset, source, BOOTSTRAP_REPLICATES, BOOTSTRAP_REPLICATES_DEFAULT);
        if (replicates < 1 || replicates > 1_000_000) {
            throw new IllegalArgumentException(
                    source
                            + ": "
                            + BOOTSTRAP_REPLICATES
                            + " must be between 1 and 1000000, got "
                            + replicates);
        }
        return new RegressionPolicy(
                expected,
                fraction(preset, source, EXPECT_TOLERANCE, EXPECT_TOLERANCE_DEFAULT),
                fraction(preset, source, REGRESSION_TOLERANCE, REGRESSION_TOLERANCE_DEFAULT),
                (int) replicates,
                level,
                whole(preset, source, BOOTSTRAP_SEED, BOOTSTRAP_SEED_DEFAULT),
                maxFailedFraction);
    }

    private static double fraction(Properties preset, String source, String key, double fallback) {
        String value = preset.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (!(parsed >= 0) || Double.isInfinite(parsed)) {
                throw new NumberFormatException("negative or not finite");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    source
                            + ": "
                            + key
                            + " expects a non-negative fraction (0.028 for 2.8%), got '"
                            + value
                            + "'",
                    e);
        }
    }

    private static long whole(Properties preset, String source, String key, long fallback) {
        String value = preset.getProperty(key);
        if (value == null) {
            return fallback;
        }
        return WholeNumber.parse(source + ": " + key, value);
    }
}
