package org.wav2vec2spark.data;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Parquet layout Hugging Face datasets use for librispeech_asr: one row per utterance with an
 * {@code audio} struct ({@code bytes}: the encoded FLAC, {@code path}: its original file name),
 * {@code id}, {@code text}, {@code speaker_id} and {@code chapter_id}.
 *
 * <p>The rows carry no split, so it comes from where the file is: the name of the folder holding
 * it, translated from Hugging Face's names to LibriSpeech's (see {@link #splitOf}).
 */
public final class HfParquetLayout {

    /** The struct column holding the audio. */
    public static final String AUDIO = "audio";

    /** The encoded audio, inside {@link #AUDIO}. */
    public static final String AUDIO_BYTES = "audio.bytes";

    /** The audio's original file name, inside {@link #AUDIO}. */
    public static final String AUDIO_PATH = "audio.path";

    /** The utterance id, {@code <speaker>-<chapter>-<utt>}. */
    public static final String ID = "id";

    /** The reference text. */
    public static final String TEXT = "text";

    /** The speaker id (an integer column). */
    public static final String SPEAKER = "speaker_id";

    /** The chapter id (an integer column). */
    public static final String CHAPTER = "chapter_id";

    /** How the columns are described in error messages. */
    public static final String DESCRIPTION =
            "audio struct<bytes: binary, path: string>, id, text, speaker_id, chapter_id";

    // The dataset's "all" configuration: test.clean, validation.other, train.clean.100, ...
    private static final Pattern DOTTED_SPLIT =
            Pattern.compile("(validation|test|train)\\.(clean|other)(\\.\\d+)?");
    // The "clean" and "other" configurations: clean/test, other/validation, clean/train.100, ...
    private static final Pattern CONFIG_SPLIT =
            Pattern.compile("(validation|test|train)(\\.\\d+)?");
    private static final Map<String, String> SPLIT_WORD = Map.of("validation", "dev");
    // Shards as the datasets library's push_to_hub names them: <config>/<split>-00000-of-00003,
    // before datasets 2.15 with a fingerprint after it (-00000-of-00003-1a2b3c4d5e6f7a8b).
    private static final Pattern SHARD =
            Pattern.compile("(.+)-\\d{5}-of-\\d{5}(-[0-9a-f]+)?\\.parquet");

    private HfParquetLayout() {}

    /**
     * The LibriSpeech split name of a Parquet file, from the folders holding it (or, for a {@code
     * push_to_hub} shard, from its name and folder: see below).
     *
     * <ul>
     *   <li>a LibriSpeech split folder is taken as it is: {@code .../test-clean/0000.parquet} is
     *       {@code test-clean};
     *   <li>the {@code all} configuration's folders are renamed: {@code .../test.clean/x.parquet}
     *       is {@code test-clean}, {@code validation.other} is {@code dev-other}, {@code
     *       train.clean.100} is {@code train-clean-100};
     *   <li>the {@code clean} and {@code other} configurations' folders are joined: {@code
     *       .../clean/test/x.parquet} is {@code test-clean}, {@code other/validation} is {@code
     *       dev-other}, {@code clean/train.360} is {@code train-clean-360};
     *   <li>any other folder name is the split as it is.
     * </ul>
     *
     * <p>When the folders name no LibriSpeech split, a shard named as {@code push_to_hub} names
     * them, {@code <split>-00000-of-00003.parquet}, carries its split in its own name, with the
     * folder holding it as the configuration: {@code .../all/test.clean-00000-of-00001.parquet} is
     * {@code test-clean}, {@code .../clean/validation-00000-of-00001.parquet} is {@code dev-clean},
     * and {@code .../data/test-00000-of-00001.parquet} is {@code test}; the rules above then apply
     * to the split and configuration names.
     *
     * @param file the file's URI or path
     * @return the split name; empty for a file at the root
     */
    public static String splitOf(String file) {
        String[] parts = file.replace('\\', '/').split("/");
        String folder = parts.length >= 2 ? parts[parts.length - 2] : "";
        String byFolders = splitNamed(folder, parts.length >= 3 ? parts[parts.length - 3] : "");
        Matcher shard = SHARD.matcher(parts[parts.length - 1]);
        if (LibriSpeechLayout.isSplitName(byFolders) || !shard.matches()) {
            return byFolders;
        }
        return splitNamed(shard.group(1), folder);
    }

    private static String splitNamed(String split, String config) {
        if (LibriSpeechLayout.isSplitName(split)) {
            return split;
        }
        Matcher dotted = DOTTED_SPLIT.matcher(split);
        if (dotted.matches()) {
            return name(dotted.group(1), dotted.group(2), dotted.group(3));
        }
        Matcher configured = CONFIG_SPLIT.matcher(split);
        if (configured.matches() && (config.equals("clean") || config.equals("other"))) {
            return name(configured.group(1), config, configured.group(2));
        }
        return split;
    }

    private static String name(String split, String condition, String hours) {
        return SPLIT_WORD.getOrDefault(split, split)
                + "-"
                + condition
                + (hours == null ? "" : "-" + hours.substring(1));
    }
}
