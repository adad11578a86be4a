package org.wav2vec2spark.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds tar.gz archives for tests with commons-compress, the way OpenSLR's are laid out. */
public final class TarGzFixtures {

    /** The bundled LibriSpeech-layout samples. */
    public static final Path SAMPLES = Path.of("data-samples/LibriSpeech").toAbsolutePath();

    private TarGzFixtures() {}

    /**
     * Packs one split of a LibriSpeech root as OpenSLR's {@code <split>.tar.gz} does: every file
     * under {@code LibriSpeech/<split>/}, in the given member order.
     *
     * @param root the LibriSpeech root
     * @param split the split folder
     * @param order member order, by path below the root
     * @param target the archive to write
     */
    public static Path packSplit(Path root, String split, Comparator<String> order, Path target) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(split))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                members.put(
                        "LibriSpeech/" + root.relativize(file).toString().replace('\\', '/'),
                        Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> names = members.keySet().stream().sorted(order).toList();
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        names.forEach(name -> ordered.put(name, members.get(name)));
        return write(ordered, target);
    }

    /** Writes the members, in map order, as a tar.gz. */
    public static Path write(Map<String, byte[]> members, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (OutputStream gzip =
                    new GzipCompressorOutputStream(Files.newOutputStream(target))) {
                gzip.write(tar(members));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The members, in map order, as an uncompressed tar, end-of-archive blocks included. */
    public static byte[] tar(Map<String, byte[]> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                ((OutputStream) tar).write(member.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A copy of an archive cut to the given fraction of its bytes. */
    public static Path truncate(Path archive, double fraction, Path target) throws IOException {
        byte[] whole = Files.readAllBytes(archive);
        Files.write(target, Arrays.copyOf(whole, (int) (whole.length * fraction)));
        return target;
    }
}
