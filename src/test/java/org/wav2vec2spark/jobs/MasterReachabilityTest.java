package org.wav2vec2spark.jobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

class MasterReachabilityTest {

    /** A loopback port that was free a moment ago: nothing listens there. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMasterThatTakesConnectionsPasses() throws IOException {
        try (ServerSocket master = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int open = master.getLocalPort();

            assertThatCode(() -> MasterReachability.require("spark://127.0.0.1:" + open))
                    .doesNotThrowAnyException();
            // One of several (standby masters) is enough.
            assertThatCode(
                            () ->
                                    MasterReachability.require(
                                            "spark://127.0.0.1:"
                                                    + closedPort()
                                                    + ",127.0.0.1:"
                                                    + open))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void noMasterAnsweringIsNamedWithEachReason() throws IOException {
        int port = closedPort();
        String master = "spark://127.0.0.1:" + port;

        assertThatThrownBy(() -> MasterReachability.require(master))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "no Spark master answers at "
                                + master
                                + " (127.0.0.1:"
                                + port
                                + ": Connection refused); is the master running, and is this its"
                                + " host and port (7077 unless set otherwise; the master's web UI"
                                + " shows its URL)?");
    }

    @Test
    void aHostNameThatDoesNotResolveIsSaidToBeUnknown() {
        // .invalid never resolves (RFC 2606).
        assertThatThrownBy(() -> MasterReachability.require("spark://master.invalid:7077"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "no Spark master answers at spark://master.invalid:7077"
                                + " (master.invalid:7077: unknown host)");
    }

    @Test
    void otherMastersAreLeftToSpark() {
        assertThatCode(() -> MasterReachability.require("local[2]")).doesNotThrowAnyException();
        assertThatCode(() -> MasterReachability.require("yarn")).doesNotThrowAnyException();
        assertThatCode(() -> MasterReachability.require(null)).doesNotThrowAnyException();
    }
}
