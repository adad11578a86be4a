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
    void aLocalWalkFollowsLinksOutOfTheFolderButListsEachFileOnceByItsRealPath(@TempDir Path dir)
            throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("2024"));
        Files.createFile(root.resolve("2024/a.flac"));
        Files.createDirectories(root.resolve("deep/er"));
        Files.createFile(root.resolve("deep/er/c.flac"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createFile(elsewhere.resolve("b.flac"));
        // Data linked in from elsewhere is read, once; links to what the walk reads anyway are
        // not followed: back up the tree, a shortcut reached before its real folder (the walk is
        // breadth first), a second link to the folder linked in.
        Files.createSymbolicLink(root.resolve("linked"), elsewhere);
        Files.createSymbolicLink(root.resolve("linked-again"), elsewhere);
        Files.createSymbolicLink(root.resolve("2024/up"), root);
        Files.createSymbolicLink(root.resolve("shortcut"), root.resolve("deep/er"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path listed =
                fs.makeQualified(new org.apache.hadoop.fs.Path(root.toUri().getPath()));

        var found = FolderWalk.files(fs, listed);

        assertThat(found)
                .extracting(f -> f.path().toUri().getPath())
                .containsExactlyInAnyOrder(
                        root + "/2024/a.flac", root + "/deep/er/c.flac", root + "/linked/b.flac");
    }
}
