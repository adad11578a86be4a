package org.wav2vec2spark.jobs.executor;

import ai.djl.Device;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.wav2vec2spark.model.ModelCache;
import org.wav2vec2spark.model.Wav2Vec2Model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The model a task runs, on the device Spark gave the task: found on the executor, loaded once per
 * JVM, device and version of the directory's files by {@link ModelCache}, shared by every task
 * there.
 *
 * @param model the shared model
 * @param device where it runs
 * @param loadedByThisTask whether this task loaded it, rather than finding it loaded by an earlier
 *     task of this or an earlier job
 */
record TaskModel(Wav2Vec2Model model, Device device, boolean loadedByThisTask) {

    /**
     * The model for the running task.
     *
     * @param location where the model directory is
     * @param conf the Hadoop configuration to copy a remote directory with
     * @param deviceSetting the {@code --device} option
     * @param torchThreads the {@code --torch-threads} option
     */
    static TaskModel acquire(
            ModelLocation location, Configuration conf, String deviceSetting, int torchThreads)
            throws IOException {
        Path directory = location.resolveOnExecutor(conf);
        DjlDefaults.apply(torchThreads);
        Device device = DeviceChoice.resolve(deviceSetting, TaskContext.get());
        ModelCache.CachedModel cached =
                ModelCache.lookUp(directory, location.filesDigest(), device);
        return new TaskModel(cached.model(), device, cached.loadedByThisCall());
    }
}
