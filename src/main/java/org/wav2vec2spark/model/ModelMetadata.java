package org.wav2vec2spark.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's description of a model directory, as written in its {@code model.json}.
 *
 * @param format version of the {@code model.json} layout (1)
 * @param modelId a name for reports, e.g. {@code facebook/wav2vec2-large-960h}
 * @param source where the weights came from
 * @param createdBy the tool that wrote the directory
 * @param dtype type of the weights and of the arithmetic inside the module: {@code float32}, {@code
 *     float16} or {@code bfloat16}; the input and the logits are float32 whatever it is
 * @param torchscript file name of the TorchScript archive inside the directory
 * @param sha256 lowercase hex SHA-256 of that archive
 * @param vocabSize number of tokens, the last dimension of the logits
 * @param samplingRate input sampling rate in Hz
 * @param convKernel kernel size of each feature-encoder convolution
 * @param convStride stride of each feature-encoder convolution
 * @param inputs names of the model's forward arguments, in order: {@code [input_values]}, or {@code
 *     [input_values, lengths]} for a model that takes each item's true length
 * @param exactBatching whether a padded item's logits equal its unpadded logits (false for a plain
 *     export of a group-norm model, which normalises over the padding too; true for the export mode
 *     that takes the lengths and masks the padding)
 */
public record ModelMetadata(
        int format,
        String modelId,
        String source,
        String createdBy,
        String dtype,
        String torchscript,
        String sha256,
        int vocabSize,
        int samplingRate,
        List<Integer> convKernel,
        List<Integer> convStride,
        List<String> inputs,
        boolean exactBatching) {

    /** The only {@code model.json} layout this code reads. */
    public static final int SUPPORTED_FORMAT = 1;

    /** The forward arguments of a plain export. */
    public static final List<String> AUDIO_INPUT = List.of("input_values");

    /** The forward arguments of an export that takes each item's true length (exact batching). */
    public static final List<String> AUDIO_AND_LENGTHS_INPUTS = List.of("input_values", "lengths");

    /** The weight types the export tool writes; the first is the reference for parity. */
    public static final List<String> DTYPES = List.of("float32", "float16", "bfloat16");

    /** Copies the lists so the record stays immutable. */
    public ModelMetadata {
        convKernel = List.copyOf(convKernel);
        convStride = List.copyOf(convStride);
        inputs = List.copyOf(inputs);
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads and checks a {@code model.json}.
     *
     * @param file the {@code model.json} to read
     * @return its content
     * @throws ModelLoadException naming the file and field when it is unreadable, not JSON, lacks a
     *     field, has a field of the wrong type, or has an unsupported format
     */
    public static ModelMetadata read(Path file) throws ModelLoadException {
        JsonObject json = ModelJsonFile.parseObject(file);
        Fields fields = new Fields(file, json);
        int format = fields.integer("format");
        if (format != SUPPORTED_FORMAT) {
            throw new ModelLoadException(
                    file
                            + ": field \"format\" is "
                            + format
                            + " but only "
                            + SUPPORTED_FORMAT
                            + " is supported");
        }
        ModelMetadata metadata =
                new ModelMetadata(
                        format,
                        fields.string("model_id"),
                        fields.string("source"),
                        fields.string("created_by"),
                        fields.string("dtype"),
                        fields.string("torchscript"),
                        fields.string("sha256"),
                        fields.integer("vocab_size"),
                        fields.integer("sampling_rate"),
                        fields.integers("conv_kernel"),
                        fields.integers("conv_stride"),
                        fields.strings("inputs"),
                        fields.bool("exact_batching"));
        requireLayers(file, "conv_kernel", metadata.convKernel());
        requireLayers(file, "conv_stride", metadata.convStride());
        if (metadata.convKernel().size() != metadata.convStride().size()) {
            throw new ModelLoadException(
                    file
                            + ": \"conv_kernel\" has "
                            + metadata.convKernel().size()
                            + " layers but \"conv_stride\" has "
                            + metadata.convStride().size());
        }
        if (!metadata.inputs().equals(AUDIO_INPUT)
                && !metadata.inputs().equals(AUDIO_AND_LENGTHS_INPUTS)) {
            throw new ModelLoadException(
                    file
                            + ": field \"inputs\" must be "
                            + AUDIO_INPUT
                            + " or "
                            + AUDIO_AND_LENGTHS_INPUTS
                            + " but is "
                            + metadata.inputs());
        }
        if (metadata.exactBatching() && !metadata.takesLengths()) {
            throw new ModelLoadException(
                    file
                            + ": \"exact_batching\" is true but \"inputs\" is "
                            + metadata.inputs()
                            + "; exact batching needs the lengths: "
                            + AUDIO_AND_LENGTHS_INPUTS);
        }
        if (!DTYPES.contains(metadata.dtype())) {
            throw new ModelLoadException(
                    file
                            + ": field \"dtype\" must be one of "
                            + DTYPES
                            + " but is \""
                            + metadata.dtype()
                            + "\"");
        }
        if (metadata.samplingRate() != FeatureExtractorSettings.SAMPLING_RATE) {
            throw new ModelLoadException(
                    file
                            + ": field \"sampling_rate\" is "
                            + metadata.samplingRate()
                            + " but this pipeline feeds "
                            + FeatureExtractorSettings.SAMPLING_RATE
                            + " Hz audio only");
        }
        if (metadata.vocabSize() < 1) {
            throw new ModelLoadException(
                    file + ": field \"vocab_size\" must be >= 1 but is " + metadata.vocabSize());
        }
        return metadata;
    }

    /** Refuses a feature-encoder list that gives no frame count: empty, or a layer below 1. */
    private static void requireLayers(Path file, String field, List<Integer> layers)
            throws ModelLoadException {
        if (layers.isEmpty()) {
            throw new ModelLoadException(file + ": field \"" + field + "\" lists no layers");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) < 1) {
                throw new ModelLoadException(
                        file
                                + ": field \""
                                + field
                                + "\" must hold values >= 1 but has "
                                + layers.get(i)
                                + " at position "
                                + i);
            }
        }
    }

    /**
     * Audio samples per logit frame: the feature encoder's strides multiplied, transformers' {@code
     * inputs_to_logits_ratio} (320 for wav2vec2).
     *
     * @return the product of {@link #convStride()}
     */
    public int samplesPerFrame() {
        return convStride.stream().reduce(1, (a, b) -> a * b);
    }

    /**
     * Whether the model takes each item's true length as its second input.
     *
     * @return true for {@link #AUDIO_AND_LENGTHS_INPUTS}
     */
    public boolean takesLengths() {
        return inputs.equals(AUDIO_AND_LENGTHS_INPUTS);
    }

    /** Typed access to the fields of one JSON object, with errors that name file and field. */
    private record Fields(Path file, JsonObject json) {

        JsonElement field(String name) throws ModelLoadException {
            JsonElement value = json.get(name);
            if (value == null || value.isJsonNull()) {
                throw new ModelLoadException(file + ": field \"" + name + "\" is missing");
            }
            return value;
        }

        ModelLoadException wrongType(String name, String expected, JsonElement actual) {
            return new ModelLoadException(
                    file + ": field \"" + name + "\" should be " + expected + " but is " + actual);
        }

        String string(String name) throws ModelLoadException {
            JsonElement value = field(name);
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw wrongType(name, "a string", value);
            }
            return value.getAsString();
        }

        int integer(String name) throws ModelLoadException {
            return toInt(name, field(name));
        }

        boolean bool(String name) throws ModelLoadException {
            JsonElement value = field(name);
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                throw wrongType(name, "true or false", value);
            }
            return value.getAsBoolean();
        }

        List<Integer> integers(String name) throws ModelLoadException {
            List<Integer> values = new ArrayList<>();
            for (JsonElement element : array(name)) {
                values.add(toInt(name, element));
            }
            return values;
        }

        List<String> strings(String name) throws ModelLoadException {
            List<String> values = new ArrayList<>();
            for (JsonElement element : array(name)) {
                if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                    throw wrongType(name, "a list of strings", json.get(name));
                }
                values.add(element.getAsString());
            }
            return values;
        }

        private JsonArray array(String name) throws ModelLoadException {
            JsonElement value = field(name);
            if (!value.isJsonArray()) {
                throw wrongType(name, "a list", value);
            }
            return value.getAsJsonArray();
        }

        private int toInt(String name, JsonElement value) throws ModelLoadException {
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                throw wrongType(name, "an integer", value);
            }
            JsonPrimitive number = value.getAsJsonPrimitive();
            try {
                return number.getAsBigDecimal().intValueExact();
            } catch (ArithmeticException e) {
                throw wrongType(name, "an integer", value);
            }
        }
    }
}
