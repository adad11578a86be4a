package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** The Results line names a folder one way, however the job was given it. */
class ResultsLocationTest {

    /** The working directory the local file system resolves relative paths against. */
    private static final Path CWD = Path.of("").toAbsolutePath();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // given,                  relative to the working directory
        "out,                      out",
        "./runs/../out/,           out",
        "runs/score-1,             runs/score-1",
    })
    void relativePathsBecomeAbsoluteAndNormalised(String given, String expected)
            throws IOException {
        assertThat(ResultsLocation.absolute(new Configuration(), given))
                .isEqualTo(CWD.resolve(expected).toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/tmp/out,                 /tmp/out",
        "/tmp/a/../out/,           /tmp/out",
        "file:///tmp/out,          /tmp/out",
        "file:/tmp/out,            /tmp/out",
    })
    void absoluteLocalPathsAreShownWithoutScheme(String given, String expected) throws IOException {
        assertThat(ResultsLocation.absolute(new Configuration(), given)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "file:/tmp/out,            file:/tmp/out",
        "file:///tmp/a/../out/,    file:/tmp/out",
        "/tmp/out,                 other:/tmp/out",
    })
    void withAnotherDefaultFileSystemLocalPathsKeepTheirScheme(String given, String expected)
            throws IOException {
        Configuration conf = withOtherFileSystem();
        conf.set(FileSystem.FS_DEFAULT_NAME_KEY, "other:///");

        assertThat(ResultsLocation.absolute(conf, given)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "other:///data/out,        other:/data/out",
        "other:///data/a/../out/,  other:/data/out",
    })
    void otherFileSystemsKeepTheirScheme(String given, String expected) throws IOException {
        Configuration conf = withOtherFileSystem();

        assertThat(ResultsLocation.absolute(conf, given)).isEqualTo(expected);
    }

    /** A configuration where {@code other:} is {@link OtherFileSystem}, uncached. */
    private static Configuration withOtherFileSystem() {
        Configuration conf = new Configuration();
        conf.setClass("fs.other.impl", OtherFileSystem.class, FileSystem.class);
        conf.setBoolean("fs.other.impl.disable.cache", true);
        return conf;
    }

    /** A file system that is not the local one, as hdfs: or s3a: are, without a server. */
    public static final class OtherFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("other:///");
        }

        @Override
        public String getScheme() {
            return "other";
        }
    }
}
