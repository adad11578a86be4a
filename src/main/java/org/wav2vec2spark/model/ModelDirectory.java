package org.wav2vec2spark.model;

import org.wav2vec2spark.ctc.TokenizerSettings;
import org.wav2vec2spark.ctc.VocabJson;
import org.wav2vec2spark.ctc.Vocabulary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A checked model directory: the TorchScript archive, {@code vocab.json}, the transformers
 * configuration files and the project's {@code model.json}.
 *
 * <p>{@link #open(Path)} verifies everything that can be verified without the engine: every file is
 * there, {@code model.json} is complete, {@code preprocessor_config.json} asks for the 16 kHz,
 * normalised input the pipeline feeds ({@link FeatureExtractorSettings}), the archive's SHA-256 is
 * the one {@code model.json} records (so a half-copied or replaced model is caught before it scores
 * a corpus), the vocabulary has exactly {@code vocab_size} tokens with ids {@code 0..vocab_size-1}
 * (read by {@link VocabJson}, whose messages name the line and column of a problem), and the
 * tokenizer settings the greedy decoder is to apply are read from {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} where present ({@link TokenizerFiles}). Everything is read again
 * on each executor, which opens its own copy of the directory, so the settings need not be shipped.
 */
public final class ModelDirectory {

    /** The project's metadata file. */
    public static final String METADATA_FILE = "model.json";

    /** The weights files of a Hugging Face checkpoint, which export_wav2vec2.py turns into one. */
    private static final List<String> TRANSFORMERS_WEIGHTS =
            List.of("model.safetensors", "pytorch_model.bin");

    /** The token-to-id map, in transformers' {@code Wav2Vec2CTCTokenizer} format. */
    public static final String VOCABULARY_FILE = "vocab.json";

    /** transformers' model configuration, kept so the directory stays a complete model card. */
    public static final String CONFIG_FILE = "config.json";

    /**
     * transformers' feature-extractor configuration; its normalisation and sampling rate are
     * checked against the pipeline's.
     */
    public static final String PREPROCESSOR_CONFIG_FILE = "preprocessor_config.json";

    /**
     * The files the vocabulary and tokenizer settings are read from: {@code vocab.json}, then the
     * optional {@code tokenizer_config.json} and {@code special_tokens_map.json}.
     */
    public static final List<String> TOKENIZER_FILES =
            List.of(
                    VOCABULARY_FILE,
                    TokenizerFiles.TOKENIZER_CONFIG_FILE,
                    TokenizerFiles.SPECIAL_TOKENS_FILE);

    private final Path directory;
    private final ModelMetadata metadata;
    private final List<String> tokensById;
    private final TokenizerSettings tokenizerSettings;

    private ModelDirectory(
            Path directory,
            ModelMetadata metadata,
            List<String> tokensById,
            TokenizerSettings tokenizerSettings) {
        this.directory = directory;
        this.metadata = metadata;
        this.tokensById = tokensById;
        this.tokenizerSettings = tokenizerSettings;
    }

    /**
     * Opens and checks a model directory.
     *
     * @param directory the directory holding the model files
     * @return the checked directory
     * @throws ModelLoadException naming the file and the expected and actual value of the first
     *     check that fails
     */
    public static ModelDirectory open(Path directory) throws ModelLoadException {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.isRegularFile(dir)) {
            throw new ModelLoadException(
                    "Model directory "
                            + dir
                            + " is a file; give the folder that holds it and its model.json: "
                            + dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(
                    "Model directory " + dir + " does not exist or is not a directory");
        }
        if (!Files.isRegularFile(dir.resolve(METADATA_FILE))) {
            List<String> weights =
                    TRANSFORMERS_WEIGHTS.stream()
                            .filter(name -> Files.isRegularFile(dir.resolve(name)))
                            .toList();
            if (!weights.isEmpty()) {
                throw new ModelLoadException(
                        "Model directory "
                                + dir
                                + " lacks "
                                + METADATA_FILE
                                + ": it holds a transformers checkpoint ("
                                + String.join(", ", weights)
                                + "), which the jobs cannot run; export it first: python3"
                                + " scripts/export_wav2vec2.py --model "
                                + dir
                                + " --out DIR (README, \"Export\")");
            }
        }
        for (String name :
                List.of(METADATA_FILE, VOCABULARY_FILE, CONFIG_FILE, PREPROCESSOR_CONFIG_FILE)) {
            requireFile(dir, name);
        }
        ModelMetadata metadata = ModelMetadata.read(dir.resolve(METADATA_FILE));
        FeatureExtractorSettings.check(dir.resolve(PREPROCESSOR_CONFIG_FILE));
        Path torchScript = requireFile(dir, metadata.torchscript());
        String actualSha256 = sha256(torchScript);
        if (!actualSha256.equals(metadata.sha256())) {
            throw new ModelLoadException(
                    metadata.torchscript()
                            + " sha256 is "
                            + actualSha256
                            + " but "
                            + METADATA_FILE
                            + " says "
                            + metadata.sha256()
                            + " (in "
                            + dir
                            + ")");
        }
        Path vocabularyFile = dir.resolve(VOCABULARY_FILE);
        List<String> tokens = readTokensById(vocabularyFile);
        if (tokens.size() != metadata.vocabSize()) {
            throw new ModelLoadException(
                    vocabularyFile
                            + " has "
                            + tokens.size()
                            + " tokens but "
                            + METADATA_FILE
                            + " says vocab_size "
                            + metadata.vocabSize());
        }
        TokenizerSettings tokenizerSettings = TokenizerFiles.read(dir, tokens);
        return new ModelDirectory(dir, metadata, tokens, tokenizerSettings);
    }

    /**
     * Reads only the vocabulary and tokenizer settings of a model directory, or of a folder holding
     * copies of its {@link #TOKENIZER_FILES}, without the checks of {@link #open(Path)}: for the
     * driver, which decides how to score the model's text without loading it.
     *
     * @param directory the folder holding {@code vocab.json} and the optional tokenizer files
     * @return the vocabulary with its tokenizer settings
     * @throws ModelLoadException naming the file whose content cannot be read or applied
     */
    public static Vocabulary readVocabulary(Path directory) throws ModelLoadException {
        Path dir = directory.toAbsolutePath().normalize();
        List<String> tokens = readTokensById(requireFile(dir, VOCABULARY_FILE));
        return Vocabulary.of(tokens, TokenizerFiles.read(dir, tokens));
    }

    /**
     * The directory, absolute and normalised.
     *
     * @return the directory's path
     */
    public Path directory() {
        return directory;
    }

    /**
     * The content of {@code model.json}.
     *
     * @return the metadata
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * The TorchScript archive.
     *
     * @return its path
     */
    public Path torchScriptFile() {
        return directory.resolve(metadata.torchscript());
    }

    /**
     * The vocabulary file.
     *
     * @return the path of {@code vocab.json}
     */
    public Path vocabularyFile() {
        return directory.resolve(VOCABULARY_FILE);
    }

    /**
     * The tokens, indexed by id: element {@code i} is the token the logits' column {@code i}
     * scores.
     *
     * @return an unmodifiable list of {@code vocab_size} tokens
     */
    public List<String> tokensById() {
        return tokensById;
    }

    /**
     * The tokenizer settings of the directory's tokenizer files, or {@code Wav2Vec2CTCTokenizer}'s
     * defaults where they say nothing.
     *
     * @return the settings the greedy decoder applies
     */
    public TokenizerSettings tokenizerSettings() {
        return tokenizerSettings;
    }

    /**
     * The vocabulary with its tokenizer settings, for decoding this model's logits.
     *
     * @return the vocabulary
     */
    public Vocabulary vocabulary() {
        return Vocabulary.of(tokensById, tokenizerSettings);
    }

    /**
     * The frame counter for this model's feature encoder.
     *
     * @return a counter built from {@code conv_kernel} and {@code conv_stride}
     */
    public FrameCounter frameCounter() {
        return FrameCounter.of(metadata);
    }

    @Override
    public String toString() {
        return "ModelDirectory[" + directory + ", " + metadata.modelId() + "]";
    }

    private static Path requireFile(Path dir, String name) throws ModelLoadException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model directory " + dir + " lacks " + name);
        }
        return file;
    }

    private static String sha256(Path file) throws ModelLoadException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read to check its sha256", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // VocabJson is the project's one vocab.json parser; its messages already name the file.
    private static List<String> readTokensById(Path file) throws ModelLoadException {
        try {
            return VocabJson.readTokensById(file);
        } catch (IOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }
}
