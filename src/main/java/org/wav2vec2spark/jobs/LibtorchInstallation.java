package org.wav2vec2spark.jobs;

import ai.djl.engine.Engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code jobs/doctor.sh} reads of the libtorch a worker would load: the one {@code
 * PYTORCH_LIBRARY_PATH} names (its {@code build-version} against the version DJL's JNI library was
 * built for) and the flavour (CPU or a CUDA version) of the one DJL found.
 */
final class LibtorchInstallation {
    /** The library DJL looks for in {@code PYTORCH_LIBRARY_PATH}. */
    private static final String LIBTORCH = "libtorch.so";

    private static final Pattern FLAVOUR = Pattern.compile("-(cpu|cu\\d+)(-precxx11)?-");

    private LibtorchInstallation() {}

    /**
     * The {@code build-version} file of the first libtorch {@code PYTORCH_LIBRARY_PATH} names: an
     * unpacked libtorch holds it beside its {@code lib/} folder. Null when there is none.
     */
    static Path buildVersionFile(String libraryPath) {
        Path lib = libtorchFolder(libraryPath);
        if (lib == null) {
            return null;
        }
        Path file = lib.toAbsolutePath().resolveSibling("build-version");
        return Files.isRegularFile(file) ? file : null;
    }

    /**
     * The folder of the first {@code libtorch.so} that {@code PYTORCH_LIBRARY_PATH} names, as DJL
     * finds it: an entry that is the folder holding it, or the file itself. Null when none does.
     */
    private static Path libtorchFolder(String libraryPath) {
        if (libraryPath == null || libraryPath.isBlank()) {
            return null;
        }
        for (String entry : libraryPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isRegularFile(path) && path.getFileName().toString().equals(LIBTORCH)) {
                return path.toAbsolutePath().getParent();
            }
            if (Files.isRegularFile(path.resolve(LIBTORCH))) {
                return path;
            }
        }
        return null;
    }

    /**
     * Why a libtorch build cannot serve DJL's JNI library, or empty when it can.
     *
     * @param build a {@code build-version} line, such as {@code 2.7.1+cu126}
     * @param required the libtorch version the JNI library was built for, such as {@code 2.7.1}
     */
    static String buildVersionProblem(String build, String required) {
        String version = build.split("\\+", 2)[0];
        if (required == null || version.equals(required)) {
            return "";
        }
        return "DJL "
                + Engine.getDjlVersion()
                + "'s PyTorch JNI library is built for libtorch "
                + required
                + " and crashes in native code on "
                + version
                + ": unpack libtorch "
                + required
                + " (README, GPU workers)";
    }

    /** The libtorch version DJL's PyTorch JNI library is built for, from the engine's jar. */
    static String jniLibtorchVersion() throws IOException {
        try (InputStream in =
                LibtorchInstallation.class
                        .getClassLoader()
                        .getResourceAsStream("pytorch-engine.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("pytorch_version");
        }
    }

    /**
     * Why {@code PYTORCH_LIBRARY_PATH} cannot be the libtorch DJL loads, or an empty string when it
     * is unset or names {@code libtorch.so} as DJL 0.36's {@code LibUtils} looks for it: entries
     * separated by the path separator, each a folder holding the file or the file itself.
     */
    static String libraryPathProblem(String libraryPath) {
        if (libraryPath == null || libraryPath.isBlank() || libtorchFolder(libraryPath) != null) {
            return "";
        }
        return "; PYTORCH_LIBRARY_PATH="
                + libraryPath
                + " names no "
                + LIBTORCH
                + ", neither a folder holding it nor the file (it should be the lib/ folder of an"
                + " unpacked libtorch)";
    }

    /** The libtorch flavour from its folder name (DJL's cache) or {@code PYTORCH_FLAVOR}. */
    static String flavour(String libtorchPath) {
        Matcher matcher = FLAVOUR.matcher(libtorchPath == null ? "" : libtorchPath + "-");
        if (matcher.find()) {
            return matcher.group(1);
        }
        String configured = System.getenv("PYTORCH_FLAVOR");
        return configured != null ? configured + " (PYTORCH_FLAVOR)" : "unknown";
    }
}
