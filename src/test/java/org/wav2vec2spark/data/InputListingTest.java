package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class InputListingTest {

    @Test
    void fileFoundUnderSeveralUrisIsListedOnce(@TempDir Path dir) throws IOException {
        // The listing reads names and sizes only, so any bytes will do.
        Path folder = Files.createDirectories(dir.resolve("in/speaker"));
        Files.write(folder.resolve("a.flac"), new byte[10]);
        Files.write(folder.resolve("b.wav"), new byte[20]);
        Files.write(folder.resolve("c.tar.gz"), new byte[30]);
        Files.write(folder.resolve("notes.txt"), new byte[5]);
        String in = dir.resolve("in").toString();

        InputListing listing =
                InputListing.list(
                        new Configuration(),
                        List.of(
                                in,
                                folder.resolve("a.flac").toString(), // inside the folder above
                                in, // the folder again
                                "file:" + folder.resolve("c.tar.gz"), // the archive, as a URI
                                in + "/speaker/../speaker/c.tar.gz")); // and by another path

        assertThat(listing.files())
                .extracting(f -> Path.of(f.uri().substring("file:".length())).getFileName())
                .map(Path::toString)
                .containsExactlyInAnyOrder("a.flac", "b.wav", "c.tar.gz");
        assertThat(listing.duplicates()).isEqualTo(6);
        assertThat(listing.skippedFiles()).isEqualTo(2); // notes.txt, in both folder listings
        assertThat(listing.audioFiles()).isEqualTo(2);
        assertThat(listing.archives()).isEqualTo(1);
    }

    @Test
    void aFileReachedThroughALinkInAnotherInputIsListedOnceUnderItsFirstPath(@TempDir Path dir)
            throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/speaker"));
        Files.write(data.resolve("a.flac"), new byte[10]);
        Files.write(data.resolve("b.flac"), new byte[20]);
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("speaker"), data);
        Files.write(links.resolve("c.flac"), new byte[30]);
        Files.createSymbolicLink(links.resolve("alias-of-a.flac"), data.resolve("a.flac"));
        Files.createSymbolicLink(links.resolve("relative-c.flac"), Path.of("c.flac"));

        InputListing listing =
                InputListing.list(
                        new Configuration(),
                        List.of(
                                dir.resolve("data").toString(),
                                links.toString(), // its speaker/ is data/speaker
                                links.resolve("speaker/b.flac").toString())); // named, by the link

        assertThat(listing.files())
                .extracting(f -> f.uri().substring(("file:" + dir).length()))
                .containsExactlyInAnyOrder(
                        "/data/speaker/a.flac", "/data/speaker/b.flac", "/links/c.flac");
        // The folder link's a and b, the named b, and the two links to files.
        assertThat(listing.duplicates()).isEqualTo(5);
    }

    @Test
    void aLinkToNothingIsListedSoThatItsRowSaysItCannotBeRead(@TempDir Path dir)
            throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("a.flac"), new byte[10]);
        Files.createSymbolicLink(in.resolve("gone.flac"), dir.resolve("moved/gone.flac"));

        InputListing listing = InputListing.list(new Configuration(), List.of(in.toString()));

        assertThat(listing.files())
                .extracting(f -> Path.of(f.uri().substring("file:".length())).getFileName())
                .map(Path::toString)
                .containsExactlyInAnyOrder("a.flac", "gone.flac");
        assertThat(listing.files())
                .filteredOn(f -> f.uri().endsWith("gone.flac"))
                .singleElement()
                .satisfies(f -> assertThat(f.length()).isZero());
    }

    @Test
    void aNamedFileOfAnotherKindIsRefusedNamingItAndEveryAcceptedKind(@TempDir Path dir)
            throws IOException {
        Path notes = Files.write(dir.resolve("notes.txt"), new byte[5]);

        assertThatThrownBy(() -> InputListing.list(new Configuration(), List.of(notes.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notes.toString())
                .hasMessageContaining(".flac, .wav, .tar, .tar.gz or .tgz")
                .hasMessageContaining(".parquet");
    }
}
