package org.wav2vec2spark.ctc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;

class JsonSyntaxTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // text | what Gson says, as users read it
                "{\"format\": 1, | End of input at line 1 column 14 path $.format",
                "{\"a\": 1}\\n} | unexpected text at line 2 column 2 path $",
                "{\\n \"a\": 1\\n \"b\": 2} | Unterminated object at line 3 column 3 path $.a",
            })
    void saysWhereTheTreeParserStoppedWithoutGsonsAdviceOrLink(String text, String expected) {
        Throwable thrown = catchThrowable(() -> JsonParser.parseString(unescape(text)));

        assertThat(JsonSyntax.describe(thrown)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"<pad>\": 0, | End of input at line 1 column 13 path $.<pad>",
                "{'<pad>': 0} | unexpected text at line 1 column 3 path $.",
            })
    void saysWhereTheStreamingReaderStopped(String text, String expected) {
        Throwable thrown = catchThrowable(() -> readObject(unescape(text)));

        assertThat(JsonSyntax.describe(thrown)).isEqualTo(expected);
    }

    private static void readObject(String text) throws IOException {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.beginObject();
            while (reader.hasNext()) {
                reader.nextName();
                reader.skipValue();
            }
            reader.endObject();
        }
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n");
    }
}
