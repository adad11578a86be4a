package org.wav2vec2spark.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and one or more Workers started as
 * separate JVMs from the project's dependency jars, laid out as a minimal SPARK_HOME ({@code
 * jars/}) so the Workers can launch executors the way an installed Spark does. A Worker can be
 * killed with its executors, as a lost machine would be.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    private static final Pattern MASTER_URL =
            Pattern.compile("Starting Spark master at (spark://[^\\s\"]+:\\d+)");

    private final Path home;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private String masterUrl;
    private int masterUiPort;

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
        return start(work, 1, workerCores, workerMemory);
    }

    /**
     * Lays out SPARK_HOME under {@code work} and starts a Master and {@code workers} Workers, each
     * with its own work directory and log ({@code worker-<i>}).
     *
     * @param work a scratch folder for SPARK_HOME, logs and the workers' directories
     * @param workers how many Workers to start
     * @param coresPerWorker cores each Worker offers
     * @param memoryPerWorker memory each Worker offers, e.g. {@code 3g}
     */
    static LocalStandaloneCluster start(
            Path work, int workers, int coresPerWorker, String memoryPerWorker)
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
        writeSparkSubmit(home);
        LocalStandaloneCluster cluster =
                new LocalStandaloneCluster(home, Files.createDirectories(work.resolve("logs")));
        try {
            cluster.launch(
                    "master",
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--webui-port",
                    "0");
            // Port 0: the master binds free ports itself and logs them, so no other process can
            // take
            // a port between our choosing it and its binding (Spark would then bind the next one).
            Path masterLog = cluster.logs.resolve("master.log");
            Process master = cluster.processes.get(0);
            cluster.masterUrl =
                    logged(masterLog, MASTER_URL, master, Duration.ofSeconds(60)).group(1);
            cluster.masterUiPort =
                    servicePort(masterLog, "MasterUI", master, Duration.ofSeconds(60));
            for (int i = 0; i < workers; i++) {
                String name = "worker-" + i;
                cluster.workers.add(
                        cluster.launch(
                                name,
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0.1",
                                "--cores",
                                Integer.toString(coresPerWorker),
                                "--memory",
                                memoryPerWorker,
                                "--work-dir",
                                Files.createDirectories(work.resolve(name)).toString(),
                                "--webui-port",
                                "0",
                                cluster.masterUrl()));
            }
            cluster.awaitAliveWorkers(workers, Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close(); // no Master or Worker JVM outlives a cluster that did not start
            throw e;
        }
        return cluster;
    }

    /**
     * Writes {@code bin/spark-submit} as Spark's distribution has it, in brief: Spark's launcher
     * library ({@code org.apache.spark.launcher.Main}, the class Spark's {@code bin/spark-class}
     * runs) builds the SparkSubmit command line, which is then executed. So {@code jobs/*.sh} with
     * this SPARK_HOME go through the same argument handling as with an installed Spark.
     */
    private static void writeSparkSubmit(Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path script = bin.resolve("spark-submit");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "set -euo pipefail",
                        "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
                        "export SPARK_SCALA_VERSION=2.13",
                        "java=java; [[ -n \"${JAVA_HOME:-}\" ]] && java=\"$JAVA_HOME/bin/java\"",
                        "mapfile -d '' parts < <(\"$java\" -Xmx128m -cp \"$SPARK_HOME/jars/*\""
                                + " org.apache.spark.launcher.Main"
                                + " org.apache.spark.deploy.SparkSubmit \"$@\")",
                        "# The launcher prints its messages, a NUL line, then the command with a"
                                + " NUL after each argument.",
                        "printf '%s' \"${parts[0]}\"",
                        "command=(\"${parts[@]:1}\")",
                        "command[0]=\"${command[0]#$'\\n'}\"",
                        "exec \"${command[@]}\"",
                        ""));
        script.toFile().setExecutable(true);
    }

    /** The {@code spark://} URL to submit to. */
    String masterUrl() {
        return masterUrl;
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

    /**
     * The ids of the executors Worker {@code worker} runs now, read from the {@code --executor-id}
     * argument of the executor JVMs it launched.
     */
    Set<String> executorIds(int worker) {
        Set<String> ids = new TreeSet<>();
        workers.get(worker)
                .descendants()
                .filter(ProcessHandle::isAlive)
                .forEach(
                        p -> {
                            List<String> args =
                                    Arrays.asList(p.info().arguments().orElse(new String[0]));
                            int at = args.indexOf("--executor-id");
                            if (at >= 0 && at + 1 < args.size()) {
                                ids.add(args.get(at + 1));
                            }
                        });
        return ids;
    }

    /**
     * Kills Worker {@code worker} and the executor JVMs it launched with SIGKILL, as a machine
     * failure would: nothing gets to clean up or say goodbye.
     *
     * @return the ids of the executors that were killed
     */
    Set<String> killWorker(int worker) throws InterruptedException {
        Set<String> executors = executorIds(worker);
        Process process = workers.get(worker);
        List<ProcessHandle> victims = new ArrayList<>(process.descendants().toList());
        victims.add(process.toHandle());
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Process " + victim.pid() + " did not die", e);
            }
        }
        return executors;
    }

    /**
     * Submits {@code job} from the job jar in client mode through SparkSubmit, as spark-submit
     * does.
     *
     * @param conf Spark settings added to (or replacing) the defaults this cluster's jobs need
     * @param jobArgs the job's own arguments
     * @param log where the driver's stdout and stderr go
     */
    Process submit(Class<?> job, Map<String, String> conf, List<String> jobArgs, Path log)
            throws IOException {
        String jobJar = System.getProperty("jobJar");
        if (jobJar == null || !Files.exists(Path.of(jobJar))) {
            throw new IllegalStateException(
                    "The job jar (system property jobJar) is built by mvn package; got " + jobJar);
        }
        String libtorchJar = Files.readString(Path.of("target/classpath/libtorch.txt")).strip();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.driver.host", "127.0.0.1");
        settings.put("spark.driver.bindAddress", "127.0.0.1");
        settings.put("spark.executor.memory", "1500m");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.executorEnv.DJL_OFFLINE", "true");
        settings.put("spark.executorEnv.OPT_OUT_TRACKING", "true");
        settings.putAll(conf);
        List<String> command =
                javaCommand("org.apache.spark.deploy.SparkSubmit", home.resolve("jars") + "/*");
        command.addAll(
                List.of(
                        "--master",
                        masterUrl(),
                        "--deploy-mode",
                        "client",
                        "--class",
                        job.getName(),
                        "--jars",
                        libtorchJar));
        settings.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        command.add(jobJar);
        command.addAll(jobArgs);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        configure(builder);
        return builder.start();
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = javaCommand(mainClass, home.resolve("jars") + "/*");
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(name + ".log").toFile());
        configure(builder);
        Process process = builder.start();
        processes.add(process);
        return process;
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
                expected
                        + " workers did not register with the master within "
                        + timeout
                        + "; see "
                        + logs);
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The port a Spark service bound, read from the log of the process that runs it, which Spark
     * writes once the service listens: {@code Successfully started service 'MasterUI' on port
     * 41377.} With {@code --webui-port 0} or {@code spark.ui.port=0} this is the only place the
     * port is said.
     *
     * @param log the process's log
     * @param service the service's name: {@code MasterUI}, {@code SparkUI}
     * @param process the process, which must not exit first
     * @param timeout how long to wait
     */
    static int servicePort(Path log, String service, Process process, Duration timeout)
            throws IOException, InterruptedException {
        Pattern started =
                Pattern.compile("Successfully started service '" + service + "' on port (\\d+)\\.");
        return Integer.parseInt(logged(log, started, process, timeout).group(1));
    }

    /** The first match of {@code pattern} in {@code log}, polled until it appears. */
    private static Matcher logged(Path log, Pattern pattern, Process process, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited = !process.isAlive(); // before reading: its last line is then in
            Matcher m = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return m;
            }
            if (exited) {
                throw new IllegalStateException(
                        "The process exited without logging " + pattern + "; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "Nothing matched " + pattern + " in " + log + " within " + timeout);
    }
}
