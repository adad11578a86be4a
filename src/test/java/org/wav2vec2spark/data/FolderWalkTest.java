package org.wav2vec2spark.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which files below a listed root count as hidden; the walks themselves run in the listings' tests.
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
}
