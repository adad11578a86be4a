package org.wav2vec2spark.jobs.output;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds an {@link OutputLock}: the driver's host and process, and a token that tells two
 * holders apart. Written in the lock file as {@code key=value} lines.
 *
 * <p>Whether the holder still runs can be known only where its process table can be seen: on the
 * same kernel (Linux's boot id), in the same process-id namespace ({@code /proc/self/ns/pid}) and
 * as the same user (whose processes {@code /proc} shows even when mounted with {@code hidepid}),
 * which {@code processTable} names. A host name alone would not do: two containers may share one
 * and see different processes. The process's start, in clock ticks since boot ({@code
 * /proc/<pid>/stat}, which a step of the wall clock does not move), tells a reused process id from
 * the holder.
 *
 * @param host the driver's host name, for messages
 * @param pid the driver's process id
 * @param processStart the driver process's start in clock ticks since boot, or {@code null} when
 *     unknown
 * @param processTable the boot id, process-id namespace and user the pid belongs to, or {@code
 *     null} where they cannot be read (not Linux)
 * @param started when the holder took the lock
 * @param token a random id of this holder
 */
record LockHolder(
        String host,
        long pid,
        Long processStart,
        String processTable,
        Instant started,
        String token) {

    private static final String THIS_PROCESS_TABLE = readProcessTable();

    /**
     * Fields of {@code /proc/<pid>/stat}, counted from 1: the state, after the name; start time.
     */
    private static final int STAT_STATE = 3;

    private static final int STAT_START_TIME = 22;

    /** The holder this driver process would be, taking a lock now. */
    static LockHolder ofThisProcess(Instant now) {
        long pid = ProcessHandle.current().pid();
        return new LockHolder(
                thisHost(),
                pid,
                startTicksOrNull(pid),
                THIS_PROCESS_TABLE,
                now,
                UUID.randomUUID().toString());
    }

    /** This machine's host name, or {@code localhost} when it has none. */
    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The process table this JVM sees, as {@link #processTable} names it. */
    static String thisProcessTable() {
        return THIS_PROCESS_TABLE;
    }

    private static String readProcessTable() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            Object user = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return boot + " " + namespace + " uid:" + user;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * When process {@code pid} started, in clock ticks since boot: field 22 of {@code
     * /proc/<pid>/stat}, counted after the command name, which may hold spaces, parentheses and
     * bytes of any encoding.
     *
     * @return the tick, or {@code null} when there is no such process, or only its zombie
     * @throws IOException when {@code /proc} cannot tell (no {@code /proc}, a format not known)
     */
    static Long startTicks(long pid) throws IOException {
        Path file = Path.of("/proc", Long.toString(pid), "stat");
        String stat;
        try {
            stat = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (fields[0].equals("Z")) { // exited, not yet reaped by its parent
                return null;
            }
            return Long.parseLong(fields[STAT_START_TIME - STAT_STATE]);
        } catch (RuntimeException e) {
            throw new IOException("cannot read the start time in " + file + ": " + e, e);
        }
    }

    private static Long startTicksOrNull(long pid) {
        try {
            return startTicks(pid);
        } catch (IOException e) {
            return null;
        }
    }

    String toText() {
        return "host="
                + host
                + "\npid="
                + pid
                + (processStart == null ? "" : "\nprocess_start=" + processStart)
                + (processTable == null ? "" : "\nprocess_table=" + processTable)
                + "\nstarted="
                + started
                + "\ntoken="
                + token
                + "\n";
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
                fields.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        try {
            String processStart = fields.get("process_start");
            LockHolder holder =
                    new LockHolder(
                            fields.get("host"),
                            Long.parseLong(fields.getOrDefault("pid", "")),
                            processStart == null ? null : Long.valueOf(processStart),
                            fields.get("process_table"),
                            Instant.parse(fields.getOrDefault("started", "")),
                            fields.get("token"));
            return holder.host() == null || holder.token() == null ? null : holder;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether this holder's process is known to have ended: its process table is {@code
     * processTable}, and no process there has its id, or the one that has it started at another
     * tick. Elsewhere nothing is known.
     */
    boolean endedIn(String processTable) {
        return livenessIn(processTable) == Liveness.ENDED;
    }

    /** Whether this holder's process is known to run: the counterpart of {@link #endedIn}. */
    boolean runsIn(String processTable) {
        return livenessIn(processTable) == Liveness.RUNNING;
    }

    /** What {@code /proc} says of a holder's process, where its process table can be seen. */
    enum Liveness {
        RUNNING,
        ENDED,
        UNKNOWN
    }

    /**
     * Whether this holder's process runs, has ended, or cannot be told from {@code processTable}
     * (another machine, namespace or user, or a {@code /proc} that cannot be read): one look at
     * {@code /proc}.
     */
    Liveness livenessIn(String processTable) {
        if (this.processTable == null || !this.processTable.equals(processTable)) {
            return Liveness.UNKNOWN;
        }
        try {
            Long start = startTicks(pid);
            boolean same = start != null && (processStart == null || start.equals(processStart));
            return same ? Liveness.RUNNING : Liveness.ENDED;
        } catch (IOException e) {
            return Liveness.UNKNOWN;
        }
    }

    /** The holder in words, for messages. */
    String describe() {
        return "process " + pid + " on " + host + ", started " + started;
    }
}
