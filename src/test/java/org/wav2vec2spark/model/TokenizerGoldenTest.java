package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wav2vec2spark.ctc.CtcGreedyDecoder;
import org.wav2vec2spark.ctc.CtcWordTimes;
import org.wav2vec2spark.ctc.TokenizerSettings;
import org.wav2vec2spark.ctc.Vocabulary;
import org.wav2vec2spark.ctc.WordTiming;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares the tokenizer files' reading and the greedy decoder with transformers' {@code
 * Wav2Vec2CTCTokenizer}: {@code src/test/resources/ctc/tokenizer_golden.jsonl} holds, per tokenizer
 * directory ([PAD]/[UNK] with lower-case letters as community fine-tunes have, {@code
 * do_lower_case}, another word delimiter, another {@code replace_word_delimiter_char}, the two
 * files disagreeing), the settings transformers loaded and what its {@code batch_decode} and word
 * offsets give for hand-made and seeded id sequences. {@code make_tokenizer_golden.py} beside it
 * made the file with transformers 5.12.1; its header names the two settings taken as transformers 4
 * loads them.
 */
class TokenizerGoldenTest {

    private static final String RESOURCE = "/ctc/tokenizer_golden.jsonl";

    @TempDir Path temp;

    static Stream<JsonObject> cases() throws IOException {
        try (InputStream in = TokenizerGoldenTest.class.getResourceAsStream(RESOURCE)) {
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSizeGreaterThan(1);
            return lines.subList(1, lines.size()).stream()
                    .map(line -> JsonParser.parseString(line).getAsJsonObject());
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void readsAndDecodesAsTransformers(JsonObject golden) throws IOException {
        Path directory = temp.resolve(golden.get("case").getAsString());
        Files.createDirectories(directory);
        for (Map.Entry<String, JsonElement> file : golden.getAsJsonObject("files").entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue().toString());
        }
        JsonObject vocab =
                golden.getAsJsonObject("files").getAsJsonObject(ModelDirectory.VOCABULARY_FILE);
        String[] tokens = new String[vocab.size()];
        vocab.entrySet().forEach(entry -> tokens[entry.getValue().getAsInt()] = entry.getKey());

        TokenizerSettings settings = TokenizerFiles.read(directory, List.of(tokens));

        JsonObject expected = golden.getAsJsonObject("settings");
        assertThat(settings)
                .isEqualTo(
                        new TokenizerSettings(
                                expected.get("pad_token").getAsString(),
                                expected.get("word_delimiter_token").getAsString(),
                                expected.get("unk_token").getAsString(),
                                expected.get("replace_word_delimiter_char").getAsString(),
                                expected.get("do_lower_case").getAsBoolean(),
                                expected.get("clean_up_tokenization_spaces").getAsBoolean()));
        Vocabulary vocabulary = Vocabulary.of(List.of(tokens), settings);
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(vocabulary);
        CtcWordTimes wordTimes = new CtcWordTimes(vocabulary);
        JsonArray decodes = golden.getAsJsonArray("decodes");
        assertThat(decodes).hasSizeGreaterThan(10);
        for (JsonElement element : decodes) {
            JsonObject decode = element.getAsJsonObject();
            int[] ids = ids(decode.getAsJsonArray("ids"));
            assertThat(decoder.decodeIds(ids))
                    .as("text of %s", decode.get("ids"))
                    .isEqualTo(decode.get("text").getAsString());
            assertThat(wordTimes.words(ids))
                    .as("words of %s", decode.get("ids"))
                    .isEqualTo(words(decode.getAsJsonArray("words")));
        }
    }

    private static int[] ids(JsonArray array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).getAsInt();
        }
        return ids;
    }

    private static List<WordTiming> words(JsonArray array) {
        List<WordTiming> words = new ArrayList<>();
        for (JsonElement element : array) {
            JsonArray word = element.getAsJsonArray();
            words.add(
                    new WordTiming(
                            word.get(0).getAsString(),
                            word.get(1).getAsInt(),
                            word.get(2).getAsInt()));
        }
        return words;
    }
}
