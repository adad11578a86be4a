package org.wav2vec2spark.jobs.cli;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.scheduler.SchedulerBackend;
import org.apache.spark.scheduler.TaskScheduler;

/**
 * A cluster manager that takes the master {@value #MASTER} and starts nothing, registered in the
 * tests' {@code META-INF/services} as a plugin such as Nomad's or Armada's is: {@link
 * SparkMasterUrl} must leave such a master to Spark.
 */
public final class NamedClusterManager implements ExternalClusterManager {
    /** The master it takes: no scheme, no Spark form. */
    static final String MASTER = "testclustermanager";

    @Override
    public boolean canCreate(String masterUrl) {
        return MASTER.equals(masterUrl);
    }

    @Override
    public TaskScheduler createTaskScheduler(SparkContext sc, String masterUrl) {
        throw new UnsupportedOperationException("a test stand-in starts no scheduler");
    }

    @Override
    public SchedulerBackend createSchedulerBackend(
            SparkContext sc, String masterUrl, TaskScheduler scheduler) {
        throw new UnsupportedOperationException("a test stand-in starts no scheduler");
    }

    @Override
    public void initialize(TaskScheduler scheduler, SchedulerBackend backend) {}
}
