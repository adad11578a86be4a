package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

class ExclusiveFilesTest {
    @TempDir java.nio.file.Path dir;

    @Test
    void createsTheFileAndItsFoldersOnceThenRefuses() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path file = new Path(dir.resolve("a/b/lock").toUri());

        ExclusiveFiles.create(fs, file, "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(
                        () -> ExclusiveFiles.create(fs, file, "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(dir.resolve("a/b/lock")).hasContent("first");
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamed() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        java.nio.file.Path blocker = Files.writeString(dir.resolve("a"), "");

        assertThatThrownBy(
                        () ->
                                ExclusiveFiles.create(
                                        fs, new Path(dir.resolve("a/lock").toUri()), new byte[0]))
                .hasMessageContaining(blocker + " is a file, not a folder");
    }

    @Test
    void hdfsAnswersToACreateRacingAnotherClientsAreTakenForAnExistingFile() {
        // The NameNode's answers, as the HDFS client rethrows them, by class name.
        String hdfs = "org.apache.hadoop.hdfs.protocol.";

        assertThat(
                        ExclusiveFiles.isCreateRace(
                                new RemoteException(hdfs + "AlreadyBeingCreatedException", "x")))
                .isTrue();
        assertThat(
                        ExclusiveFiles.isCreateRace(
                                new RemoteException(hdfs + "RecoveryInProgressException", "x")))
                .isTrue();
        assertThat(
                        ExclusiveFiles.isCreateRace(
                                new RemoteException(
                                        "org.apache.hadoop.security.AccessControlException", "x")))
                .isFalse();
        assertThat(ExclusiveFiles.isCreateRace(new IOException("disk full"))).isFalse();
    }
}
