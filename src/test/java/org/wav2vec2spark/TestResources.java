package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the golden files under {@code src/test/resources} from the test classpath. */
public final class TestResources {

    private TestResources() {}

    /**
     * The lines of a UTF-8 test resource, failing the test when it is not on the classpath.
     *
     * @param resource the absolute resource name, e.g. {@code /metrics/sclite_golden.tsv}
     * @return its lines, without line terminators
     */
    public static List<String> lines(String resource) {
        try (InputStream in = TestResources.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
