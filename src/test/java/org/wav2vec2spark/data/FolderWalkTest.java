package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which files below a listed root count as hidden, and how a local walk takes symbolic links; the
 * listings' tests run the walks on the rest of their input.
 */
class FolderWalkTest {

    @Test
    void hiddenNamesAreJudgedBelowTheRootEvenAtABucketRoot() {
        // An object store listed from its root ("/") yields "_temporary/x.flac", with no leading
        // slash before the hidden name.
        assertThat(FolderWalk.hiddenBelow("/", "/_temporary/x.flac")).isTrue();
        assertThat(FolderWalk.hiddenBelow("/", "/.spark-staging/x.flac")).isTrue();
        assertThat(FolderWalk.hiddenBelow("/", "/a/._x.flac")).isTrue();
        assertThat(FolderWalk.hiddenBelow("/", "/a/x.flac")).isFalse();
        assertThat(FolderWalk.hiddenBelow("/data", "/data/a/_x/y.flac")).isTrue();
        // Only names below the root count: a hidden folder above it is the user's choice.
        assertThat(FolderWalk.hiddenBelow("/_in", "/_in/a/x.flac")).isFalse();
    }

    @Test
    // Without the check, the two links make the walk branch out until ELOOP: hours, not a failure.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLocalWalkFollowsLinksToFoldersButListsEachFolderOnce(@TempDir Path dir)
            throws IOException {
        Path root = Files.createDirectories(dir.resolve("root/2024"));
        Files.createFile(root.resolve("a.flac"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createFile(elsewhere.resolve("b.flac"));
        // Data linked in from elsewhere is read; a link back up, or a second way to a folder
        // already listed, is not listed again.
        Files.createSymbolicLink(root.resolveSibling("linked"), elsewhere);
        Files.createSymbolicLink(root.resolve("up"), root.getParent());
        Files.createSymbolicLink(root.resolveSibling("latest"), root);
        FileSystem fs = FileSystem.getLocal(new Configuration());

        var found =
                FolderWalk.files(
                        fs,
                        fs.makeQualified(new org.apache.hadoop.fs.Path(root.getParent().toUri())));

        assertThat(found)
                .extracting(f -> f.path().getName())
                .containsExactlyInAnyOrder("a.flac", "b.flac");
    }
}
