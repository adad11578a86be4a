package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The bundled archive's parameters carry transformers' state_dict keys, so a conversion tool can
 * map trained Wav2Vec2ForCTC weights in by name.
 */
class ParameterNamesTest {

    @Test
    void parameterPathsAreTransformersStateDictKeys() throws Exception {
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(BundledModel.DIRECTORY)
                        .optModelName("model")
                        .optEngine("PyTorch")
                        .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            List<String> names = model.getBlock().getParameters().keys();

            assertThat(names)
                    .contains(
                            "wav2vec2.masked_spec_embed",
                            "wav2vec2.feature_extractor.conv_layers.0.conv.weight",
                            "wav2vec2.feature_extractor.conv_layers.0.layer_norm.weight",
                            "wav2vec2.feature_extractor.conv_layers.0.layer_norm.bias",
                            "wav2vec2.feature_extractor.conv_layers.6.conv.weight",
                            "wav2vec2.feature_projection.layer_norm.weight",
                            "wav2vec2.feature_projection.projection.weight",
                            "wav2vec2.encoder.pos_conv_embed.conv.bias",
                            "wav2vec2.encoder.pos_conv_embed.conv.weight_g",
                            "wav2vec2.encoder.pos_conv_embed.conv.weight_v",
                            "wav2vec2.encoder.layer_norm.weight",
                            "wav2vec2.encoder.layers.0.attention.q_proj.weight",
                            "wav2vec2.encoder.layers.1.attention.out_proj.bias",
                            "wav2vec2.encoder.layers.1.feed_forward.intermediate_dense.weight",
                            "wav2vec2.encoder.layers.1.feed_forward.output_dense.bias",
                            "wav2vec2.encoder.layers.1.final_layer_norm.weight",
                            "lm_head.weight",
                            "lm_head.bias");
            // masked_spec_embed 1 + feature encoder 7 conv weights and 2 group norm + projection 4
            // + positional conv 3 and encoder norm 2 + 16 per layer + lm_head 2
            int layers =
                    com.google.gson.JsonParser.parseString(
                                    java.nio.file.Files.readString(
                                            BundledModel.DIRECTORY.resolve("config.json")))
                            .getAsJsonObject()
                            .get("num_hidden_layers")
                            .getAsInt();
            assertThat(names).hasSize(21 + 16 * layers);
            assertThat(names)
                    .allSatisfy(
                            name -> assertThat(name).doesNotContain(".conv_layers.1.layer_norm"));
        }
    }
}
