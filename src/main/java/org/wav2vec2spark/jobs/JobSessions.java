package org.wav2vec2spark.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** The SparkSession a job's {@code main()} runs in. */
final class JobSessions {
    private static final String JARS = "spark.jars";

    private JobSessions() {}

    /**
     * A session for a job: spark-submit's master and settings when submitted, else local mode on
     * every core; {@code --master} and {@code --conf} from the job's options win over both.
     *
     * @param appName the application name Spark shows, unless spark-submit's {@code --name} or a
     *     {@code spark.app.name} setting gives one
     * @param master the {@code --master} option, or {@code null}
     * @param sparkConf the {@code --conf} settings
     */
    static SparkSession create(String appName, String master, Map<String, String> sparkConf) {
        return SparkSession.builder().config(conf(appName, master, sparkConf)).getOrCreate();
    }

    /** The settings {@link #create} starts the session with. */
    static SparkConf conf(String appName, String master, Map<String, String> sparkConf) {
        SparkConf conf = new SparkConf();
        // spark-submit, or the launcher for a spark:// master, sends the job jar and libtorch to
        // the executors as spark.jars: a job's own --conf spark.jars adds to them rather than
        // leaving the executors without the job's classes.
        String shipped = conf.get(JARS, "");
        sparkConf.forEach(conf::set);
        if (sparkConf.containsKey(JARS) && !shipped.isEmpty()) {
            conf.set(JARS, shipped + "," + sparkConf.get(JARS));
        }
        if (!namedByTheUser(conf)) {
            conf.setAppName(appName);
        }
        return conf.setMaster(master(master, sparkConf));
    }

    /**
     * Whether spark-submit's {@code --name}, or a setting, names the application. Without {@code
     * --name}, spark-submit names it after the main class, which says less than the job's own name:
     * a name in the jobs' package is taken for that.
     */
    private static boolean namedByTheUser(SparkConf conf) {
        return conf.contains("spark.app.name")
                && !conf.get("spark.app.name").startsWith(JobSessions.class.getPackageName() + ".");
    }

    /**
     * The master a job's session gets: a {@code --conf spark.master} of the job, else its {@code
     * --master}, else spark-submit's, else local mode on every core.
     *
     * @param master the {@code --master} option, or {@code null}
     * @param sparkConf the job's {@code --conf} settings
     */
    static String master(String master, Map<String, String> sparkConf) {
        if (sparkConf.containsKey("spark.master")) {
            return sparkConf.get("spark.master");
        }
        return master != null ? master : new SparkConf().get("spark.master", "local[*]");
    }
}
