package org.wav2vec2spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.functional.FutureIO;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whole-file reads, streamed copies and atomic writes on any Hadoop file system (file:, hdfs:,
 * s3a:, ...).
 *
 * <p>URIs are Hadoop path strings, as {@code Path.toString()} prints them and listings return them:
 * unescaped, so that {@code a b} is a space and {@code a%20b} a literal percent sign. They are
 * parsed with {@code new Path(String)}, never {@code URI.create}, which refuses the first and
 * decodes the second into another file.
 */
public final class HadoopFiles {

    /**
     * The most bytes one Java array can hold on common VMs ({@code Integer.MAX_VALUE - 8}, as in
     * the JDK's own array growth); a file over it cannot be read whole.
     */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** A tilde prefix ({@code ~}, {@code ~/}, {@code ~user/}) as the shell would expand it. */
    private static final Pattern UNEXPANDED_TILDE = Pattern.compile("~[^/]*(/|$)");

    private HadoopFiles() {}

    /**
     * A location the user named, as a Hadoop path; one Hadoop cannot read as a path ({@code
     * file:relative}, a colon before the first slash of a relative path) fails naming the option
     * and location, not with the bare {@code java.net.URISyntaxException} Hadoop's parser throws.
     *
     * <p>A location starting with {@code ~} is refused too: the shell leaves it as it is in {@code
     * --output=~/x} or in quotes, and it would name a folder {@code ~} in the working directory.
     *
     * @param option the option that named it, for the message: {@code --input}
     * @param location the location as given
     * @throws IllegalArgumentException naming the option and location
     */
    public static Path pathOf(String option, String location) {
        if (startsWithTilde(location)) {
            throw new IllegalArgumentException(
                    option
                            + " "
                            + location
                            + ": the shell did not expand '~' (it does not after '=' or in"
                            + " quotes); give the path from / or $HOME");
        }
        try {
            return new Path(location);
        } catch (IllegalArgumentException e) {
            throw unreadablePath(option, location, e);
        }
    }

    /**
     * Whether a location starts as a shell's home-folder shorthand ({@code ~}, {@code ~/x}, {@code
     * ~user/x}), which nothing here expands.
     */
    public static boolean startsWithTilde(String location) {
        return UNEXPANDED_TILDE.matcher(location).lookingAt();
    }

    /**
     * The error for a location that cannot be read as a path, naming the option and location.
     *
     * @param e what Hadoop's or the JDK's parser threw
     */
    public static IllegalArgumentException unreadablePath(
            String option, String location, IllegalArgumentException e) {
        // Hadoop's message is a java.net.URISyntaxException's text; the JDK's is plain.
        String why = String.valueOf(e.getMessage()).replaceFirst("^java\\.net\\.\\w+: ", "");
        return new IllegalArgumentException(
                option + " " + location + ": not a path Hadoop can read (" + why + ")", e);
    }

    /**
     * The file system to read or write a location with: its own, but for the local disk the raw one
     * under Hadoop's checksumming wrapper. The wrapper looks for (or writes) a {@code .<name>.crc}
     * beside every file and builds that name as a Hadoop path, which fails for a name with a colon
     * ({@code 2024-05-01T10:00.flac}, as recorders name files): such recordings could be listed but
     * never read. Audio and archives never come with Hadoop's checksum files anyway.
     *
     * @param conf the Hadoop configuration
     * @param path the location to read or write
     */
    public static FileSystem plainFileSystem(Configuration conf, Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * The file system of a location the user named, failing with the option and the location named:
     * Hadoop's own message ({@code No FileSystem for scheme "s3"}) names neither, and a connector
     * missing from the classpath surfaces as a bare {@link ClassNotFoundException}.
     *
     * @param conf the Hadoop configuration
     * @param path the location
     * @param option the option that named it, for the message: {@code --data}
     * @throws IOException when no file system serves the location's scheme, or its connector cannot
     *     start
     */
    public static FileSystem fileSystemOf(Configuration conf, Path path, String option)
            throws IOException {
        try {
            return path.getFileSystem(conf);
        } catch (IOException | RuntimeException | LinkageError e) {
            String scheme = path.toUri().getScheme();
            String hint =
                    "s3".equals(scheme) || "s3n".equals(scheme)
                            ? " (Amazon S3 is read as s3a://, with hadoop-aws on the classpath)"
                            : missingConnector(e)
                                    ? " (the file system's connector, and what it needs, must be on"
                                            + " the driver's and the executors' classpath:"
                                            + " spark-submit --jars or --packages)"
                                    : "";
            throw new IOException(
                    option
                            + " "
                            + path
                            + ": cannot open its file system: "
                            + (e.getMessage() != null ? e.getMessage() : e.getClass().getName())
                            + hint,
                    e);
        }
    }

    /**
     * {@link #fileSystemOf(Configuration, Path, String)} for a location as the user gave it, read
     * with {@link #pathOf}.
     *
     * @throws IllegalArgumentException when the location is no path Hadoop can read
     * @throws IOException when its file system cannot be opened
     */
    public static FileSystem fileSystemOf(Configuration conf, String option, String location)
            throws IOException {
        return fileSystemOf(conf, pathOf(option, location), option);
    }

    /** Whether a failure to open a file system is a class the connector needed not being there. */
    private static boolean missingConnector(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedFileSystemException
                    || t instanceof ClassNotFoundException
                    || t instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a file's bytes; the message of any failure names the file. A file too large for one
     * array is refused, naming its size, before any of it is read: stream it with {@link #copy}.
     */
    public static byte[] readAllBytes(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs;
        FileStatus status;
        try {
            fs = plainFileSystem(conf, path);
            status = fs.getFileStatus(path);
        } catch (IOException e) {
            throw cannotRead(uri, e);
        }
        long length = status.getLen();
        if (length > MAX_ARRAY_BYTES) {
            throw new IOException(
                    "Cannot read "
                            + uri
                            + " into memory: it holds "
                            + length
                            + " bytes, more than the "
                            + MAX_ARRAY_BYTES
                            + " one Java array can hold");
        }
        // Opening with the status already fetched spares object stores (s3a:, gs:, abfs:) the
        // second metadata request a plain open() makes per file.
        try (InputStream in =
                FutureIO.awaitFuture(fs.openFile(path).withFileStatus(status).build())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw cannotRead(uri, e);
        }
    }

    private static IOException cannotRead(String uri, IOException cause) {
        return new IOException("Cannot read " + uri + ": " + cause.getMessage(), cause);
    }

    /**
     * Streams a file's bytes into {@code out}, whatever the file's size; the message of any failure
     * names the file.
     *
     * @return the number of bytes copied
     */
    public static long copy(Configuration conf, String uri, OutputStream out) throws IOException {
        Path path = new Path(uri);
        try (InputStream in = plainFileSystem(conf, path).open(path)) {
            return in.transferTo(out);
        } catch (IOException e) {
            throw new IOException("Cannot copy " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of a file, read as a stream so that its size does not matter; the message of any
     * failure names the file.
     *
     * @return lower-case hex
     */
    public static String sha256(Configuration conf, String uri) throws IOException {
        MessageDigest digest = sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            copy(conf, uri, sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of bytes read already, in hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * Reads a UTF-8 text file as lines ({@link Utf8Lines}); invalid UTF-8 is an {@link
     * InvalidUtf8Exception} naming the file and line.
     */
    public static List<String> readUtf8Lines(Configuration conf, String uri) throws IOException {
        return Utf8Lines.decode(uri, readAllBytes(conf, uri));
    }

    /**
     * Writes a small file so that readers see either nothing or the whole content: the bytes go to
     * a hidden temporary file next to the target, {@code .<name>.<random>.tmp} (see {@link
     * #isTemporaryOf}), which is then renamed. The name is random so that two writers never write
     * into each other's temporary file. Hadoop's rename does not replace a file, so the old one is
     * deleted first: for a moment the target is missing, and a writer that dies then leaves only
     * the temporary file. On the local disk no checksum file is written ({@link #plainFileSystem}:
     * a name with a colon, such as a time, is written as any other).
     */
    public static void writeAtomically(Configuration conf, String uri, byte[] content)
            throws IOException {
        Path target = new Path(uri);
        FileSystem fs = plainFileSystem(conf, target);
        Path temporary =
                child(
                        target.getParent(),
                        "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(content);
        }
        fs.delete(target, false);
        if (fs instanceof RawLocalFileSystem) {
            // Versions before wrote through Hadoop's checksumming: the checksum file left from then
            // would fail every read of the new content through it (spark.read.json among them).
            fs.delete(child(target.getParent(), "." + target.getName() + ".crc"), false);
        }
        if (!fs.rename(temporary, target)) {
            throw new IOException("Cannot rename " + temporary + " to " + target);
        }
    }

    /**
     * The entry of a folder with this name, taken literally: {@code new Path(folder, name)} reads a
     * colon in the name as a URI scheme ({@code eval:1}) and refuses it.
     *
     * @param folder the folder
     * @param name one file or folder name
     */
    public static Path child(Path folder, String name) {
        return new Path(folder, new Path(null, null, name));
    }

    /**
     * A folder's location made absolute and without {@code .} or {@code ..} steps, so that it has
     * the name and parent a user means: {@code --output .} has neither as given, and {@code
     * /runs/eval/.} is named {@code .}.
     *
     * @param conf the Hadoop configuration
     * @param folder the location as given
     */
    public static Path absoluteFolder(Configuration conf, Path folder) throws IOException {
        Path absolute =
                folder.isAbsolute() ? folder : plainFileSystem(conf, folder).makeQualified(folder);
        java.net.URI uri = absolute.toUri().normalize();
        return new Path(uri.getScheme(), uri.getAuthority(), uri.getPath());
    }

    /**
     * Whether {@code name} is a temporary file {@link #writeAtomically} makes (or made, in earlier
     * versions: {@code .<name>.tmp}) on its way to writing {@code target}.
     */
    public static boolean isTemporaryOf(String name, String target) {
        return name.startsWith("." + target + ".") && name.endsWith(".tmp");
    }

    /**
     * The nearest part of {@code path} above it that exists: where creating {@code path} and its
     * missing folders would start. A relative path is taken from the working folder.
     *
     * @return its status (a file there means {@code path} cannot be created), or {@code null}
     */
    public static FileStatus nearestExistingAncestor(FileSystem fs, Path path) throws IOException {
        for (Path folder = fs.makeQualified(path).getParent();
                folder != null;
                folder = folder.getParent()) {
            try {
                return fs.getFileStatus(folder);
            } catch (FileNotFoundException e) { // missing: look further up
            }
        }
        return null;
    }
}
