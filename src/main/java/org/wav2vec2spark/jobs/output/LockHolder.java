package org.wav2vec2spark.jobs.output;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds an {@link OutputLock}: the driver's host and process, when it started, and a token that
 * tells two holders apart when a host and process id come round again. Written in the lock file as
 * {@code key=value} lines.
 *
 * @param host the driver's host name
 * @param pid the driver's process id
 * @param started when the holder took the lock
 * @param token a random id of this holder
 */
record LockHolder(String host, long pid, Instant started, String token) {

    /** The holder this driver process would be, taking a lock now. */
    static LockHolder ofThisProcess(Instant now) {
        return new LockHolder(
                thisHost(), ProcessHandle.current().pid(), now, UUID.randomUUID().toString());
    }

    /** This machine's host name, or {@code localhost} when it has none. */
    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    String toText() {
        return "host=" + host + "\npid=" + pid + "\nstarted=" + started + "\ntoken=" + token + "\n";
    }

    /**
     * The holder a lock file names, or {@code null} when its text is not one (a file cut short by a
     * crash while it was written, or written by hand).
     */
    static LockHolder parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        try {
            LockHolder holder =
                    new LockHolder(
                            fields.get("host"),
                            Long.parseLong(fields.getOrDefault("pid", "")),
                            Instant.parse(fields.getOrDefault("started", "")),
                            fields.get("token"));
            return holder.host() == null || holder.token() == null ? null : holder;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether this holder's process is known to have ended: it ran on {@code thisHost}, where no
     * process has its id any more. On another host nothing is known.
     */
    boolean endedOn(String thisHost) {
        return host.equals(thisHost)
                && ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }

    /** The holder in words, for messages. */
    String describe() {
        return "process " + pid + " on " + host + ", started " + started;
    }
}
