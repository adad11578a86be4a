package org.wav2vec2spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's {@code chromium} package) driven from the command line: the DOM after
 * rendering, and screenshots. Fails, never skips, when Chromium is missing.
 */
public final class Chromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** Finds Chromium on the PATH, or in {@code $CHROMIUM}; fails the test when there is none. */
    public static Chromium find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return new Chromium(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new Chromium(candidate);
                }
            }
        }
        throw new AssertionError(
                "Headless Chromium is needed to check the HTML report but neither "
                        + NAMES
                        + " is on the PATH (and $CHROMIUM is not set): apt-get install chromium"
                        + " (.ci/run does)");
    }

    /** The DOM of the page after it has been rendered. */
    public String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        return run(profile, "--dump-dom", page.toUri().toString());
    }

    /**
     * How much wider than the window the page lays out, in CSS pixels: 0 when nothing makes it
     * scroll sideways. Renders a copy of the page (beside it, so its links resolve alike) with a
     * script that records the widths in the DOM Chromium dumps.
     */
    public int overflowWidth(Path page, int windowWidth, Path profile)
            throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        assertThat(end).as("</body> in %s", page).isNotNegative();
        Path probe = Files.createTempFile(page.toAbsolutePath().getParent(), "width-", ".html");
        try {
            Files.writeString(
                    probe,
                    html.substring(0, end)
                            + "<script>document.body.setAttribute('data-overflow',"
                            + " document.documentElement.scrollWidth -"
                            + " document.documentElement.clientWidth);</script>"
                            + html.substring(end),
                    StandardCharsets.UTF_8);
            String dom =
                    run(
                            profile,
                            "--window-size=" + windowWidth + ",1000",
                            "--dump-dom",
                            probe.toUri().toString());
            Matcher overflow = Pattern.compile("data-overflow=\"(-?\\d+)\"").matcher(dom);
            assertThat(overflow.find()).as("widths recorded in %s", dom).isTrue();
            return Integer.parseInt(overflow.group(1));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Saves a screenshot of the page at the given window size. */
    public void screenshot(Path page, Path png, int width, int height, Path profile)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(
                profile,
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString());
        assertThat(png).as("screenshot written by %s", binary).isNotEmptyFile();
    }

    private String run(Path profile, String... arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                binary.toString(),
                                "--headless",
                                // Tests run as root in CI, where Chromium's sandbox cannot start.
                                "--no-sandbox",
                                "--disable-gpu",
                                // Containers often give /dev/shm 64 MB, where Chromium can crash.
                                "--disable-dev-shm-usage",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile("chromium", ".out");
        Path stderr = Files.createTempFile("chromium", ".err");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectOutput(stdout.toFile())
                            .redirectError(stderr.toFile())
                            .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish in 120 s: " + command);
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(
                        "Chromium exited with "
                                + process.exitValue()
                                + ": "
                                + command
                                + "\n"
                                + err);
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
