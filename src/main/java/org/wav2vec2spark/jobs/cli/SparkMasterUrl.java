package org.wav2vec2spark.jobs.cli;

import org.apache.spark.scheduler.ExternalClusterManager;

import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms of Spark master URL a job's {@code --master} takes, checked when the options are
 * parsed: Spark itself finds a mistyped one ({@code lcoal[2]}) only once it starts, some seconds
 * later and after an ERROR line and a stack trace. The local forms are Spark's own ({@code
 * SparkMasterRegex}); any {@code scheme://...} is left to Spark to judge, and so is any master a
 * cluster manager on the classpath takes ({@link ExternalClusterManager#canCreate}, found as Spark
 * finds them). {@code yarn} and {@code k8s://} need Spark's YARN or Kubernetes module on the
 * classpath, as under a Spark installation's spark-submit: without it Spark's own answer, "Could
 * not parse Master URL", does not say what is missing.
 */
public final class SparkMasterUrl {
    private static final Pattern LOCAL =
            Pattern.compile("local(\\[([0-9]+|\\*)(\\s*,\\s*([0-9]+))?\\])?");
    private static final Pattern LOCAL_CLUSTER =
            Pattern.compile("local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*\\]");
    private static final Pattern CLUSTER_URL = Pattern.compile("[a-z][a-z0-9+.-]*://\\S*");

    private SparkMasterUrl() {}

    /**
     * The master, when it has one of Spark's forms.
     *
     * @param subject how the message names the option: {@code --master}, or its preset key
     * @param master the value, or {@code null} when the option is not given
     * @return {@code master}
     * @throws IllegalArgumentException naming the option, the value and the forms
     */
    public static String require(String subject, String master) {
        String manager = clusterManagerOf(master);
        if (manager != null && !aClusterManagerTakes(master)) {
            throw new IllegalArgumentException(
                    subject
                            + " "
                            + master
                            + " needs Spark's "
                            + manager
                            + " support, which the embedded local Spark has not: set SPARK_HOME to"
                            + " a Spark installation with it, and the launcher submits the job"
                            + " through its bin/spark-submit");
        }
        Matcher local = master == null ? null : LOCAL.matcher(master);
        if (local != null
                && local.matches()
                && local.group(2) != null
                && local.group(2).matches("0+")) {
            // Spark refuses it only as it starts, after an ERROR line and a stack trace.
            throw new IllegalArgumentException(
                    subject + " " + master + " runs no task: give local[N] with N of 1 or more");
        }
        if (master == null
                || local.matches()
                || LOCAL_CLUSTER.matcher(master).matches()
                || master.equals("yarn")
                || CLUSTER_URL.matcher(master).matches()
                || aClusterManagerTakes(master)) {
            return master;
        }
        throw new IllegalArgumentException(
                subject
                        + " expects a Spark master URL (local, local[N], local[*], local[N,F],"
                        + " spark://HOST:PORT, yarn, k8s://URL), got '"
                        + master
                        + "'");
    }

    /**
     * The tries Spark gives each task under a local master: one for {@code local}, {@code local[N]}
     * and {@code local[*]}, F for {@code local[N,F]} (Spark's {@code SparkContext}); empty for any
     * other master, where {@code spark.task.maxFailures} decides.
     *
     * @param master a master URL
     */
    public static OptionalInt localTaskTries(String master) {
        Matcher local = LOCAL.matcher(master);
        if (!local.matches()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(local.group(4) == null ? 1 : Integer.parseInt(local.group(4)));
    }

    /** The cluster manager a master names that Spark ships as a module of its own, or null. */
    private static String clusterManagerOf(String master) {
        if ("yarn".equals(master)) {
            return "YARN";
        }
        return master != null && master.startsWith("k8s://") ? "Kubernetes" : null;
    }

    private static boolean aClusterManagerTakes(String master) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ExternalClusterManager manager :
                ServiceLoader.load(ExternalClusterManager.class, loader)) {
            if (manager.canCreate(master)) {
                return true;
            }
        }
        return false;
    }
}
