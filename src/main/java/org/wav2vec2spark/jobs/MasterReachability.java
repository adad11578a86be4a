package org.wav2vec2spark.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a standalone cluster's master answers, asked before the session starts. Spark's own
 * client retries for a minute, then stops the context and leaves the job with "Cannot call methods
 * on a stopped SparkContext", the cause ("All masters are unresponsive") buried in its log above.
 */
final class MasterReachability {

    /** How long each master's port is given to accept a connection. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private static final String STANDALONE = "spark://";

    private MasterReachability() {}

    /**
     * Checks that at least one master of a {@code spark://HOST:PORT[,HOST:PORT...]} URL accepts a
     * connection; any other master is left to Spark.
     *
     * @param master the master the session will start with
     * @throws IOException naming the URL and, for each master, why it could not be reached
     */
    static void require(String master) throws IOException {
        if (master == null || !master.startsWith(STANDALONE)) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring(STANDALONE.length()).split(",")) {
            String why = unreachable(hostPort.trim());
            if (why == null) {
                return;
            }
            failures.add(hostPort.trim() + ": " + why);
        }
        throw new IOException(
                "no Spark master answers at "
                        + master
                        + " ("
                        + String.join("; ", failures)
                        + "); is the master running, and is this its host and port (7077 unless"
                        + " set otherwise; the master's web UI shows its URL)?");
    }

    /** Why {@code host:port} takes no connection, or null when it does. */
    private static String unreachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return null; // not HOST:PORT: Spark names the problem itself
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(hostPort.substring(0, colon), port),
                    CONNECT_TIMEOUT_MILLIS);
            return null;
        } catch (UnknownHostException e) { // its message is the bare host name
            return "unknown host";
        } catch (IOException e) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }
}
