package org.wav2vec2spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Owns one {@code local[2]} SparkSession per test class. */
public abstract class SparkTestBase {
    protected static SparkSession spark;
    protected static JavaSparkContext jsc;

    @BeforeAll
    static void startSpark() {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("wav2vec2-spark tests")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "4")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.driver.host", "127.0.0.1")
                        .getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
            jsc = null;
        }
    }
}
