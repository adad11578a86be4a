package org.wav2vec2spark.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and a Worker started as separate JVMs from
 * the project's dependency jars, laid out as a minimal SPARK_HOME ({@code jars/}) so the Worker can
 * launch executors the way an installed Spark does.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    private final Path home;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort = freePort();
    private final int masterUiPort = freePort();

    private LocalStandaloneCluster(Path home, Path logs) {
        this.home = home;
        this.logs = logs;
    }

    /**
     * Lays out SPARK_HOME under {@code work} and starts a Master and one Worker.
     *
     * @param work a scratch folder for SPARK_HOME, logs and the worker's directory
     * @param workerCores cores the Worker offers
     * @param workerMemory memory the Worker offers, e.g. {@code 3g}
     */
    static LocalStandaloneCluster start(Path work, int workerCores, String workerMemory)
            throws IOException, InterruptedException {
        Path home = work.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : sparkClasspath()) {
            Path source = Path.of(jar);
            Path link = jars.resolve(source.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, source);
            }
        }
        LocalStandaloneCluster cluster =
                new LocalStandaloneCluster(home, Files.createDirectories(work.resolve("logs")));
        cluster.launch(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(cluster.masterPort),
                "--webui-port",
                Integer.toString(cluster.masterUiPort));
        cluster.launch(
                "worker",
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                Integer.toString(workerCores),
                "--memory",
                workerMemory,
                "--work-dir",
                Files.createDirectories(work.resolve("worker")).toString(),
                "--webui-port",
                Integer.toString(freePort()),
                cluster.masterUrl());
        cluster.awaitAliveWorkers(1, Duration.ofSeconds(90));
        return cluster;
    }

    /** The {@code spark://} URL to submit to. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** SPARK_HOME of this cluster: its {@code jars/} holds Spark's jars. */
    Path home() {
        return home;
    }

    /** Where the Master's and Worker's output goes. */
    Path logs() {
        return logs;
    }

    /** The classpath of Spark and Hadoop, as Maven resolved them for this build. */
    static List<String> sparkClasspath() {
        try {
            return Arrays.asList(
                    Files.readString(Path.of("target/classpath/spark.txt")).strip().split(":"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "target/classpath/spark.txt is written by mvn generate-test-resources", e);
        }
    }

    /**
     * A JVM command running {@code mainClass} on Spark's classpath with the options Spark needs.
     */
    static List<String> javaCommand(String mainClass, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("sparkJvmOptions", "").split(" ")));
        command.removeIf(String::isBlank);
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        return command;
    }

    /** Environment every cluster JVM gets. */
    void configure(ProcessBuilder builder) {
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = javaCommand(mainClass, home.resolve("jars") + "/*");
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(name + ".log").toFile());
        configure(builder);
        processes.add(builder.start());
    }

    private void awaitAliveWorkers(int expected, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("A cluster process exited early; see " + logs);
                }
            }
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"aliveworkers\" : " + expected)
                        || body.contains("\"aliveworkers\":" + expected)) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The master's web UI is not up yet: keep polling until the deadline.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "No worker registered with the master within " + timeout + "; see " + logs);
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
