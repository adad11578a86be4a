package org.wav2vec2spark.jobs.executor;

import ai.djl.Device;
import ai.djl.engine.Engine;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.wav2vec2spark.model.DevicePlanner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code --device} setting into a DJL device on the executor: gathers the task's Spark
 * resources and libtorch's GPU count and lets {@link DevicePlanner} decide.
 */
final class DeviceChoice {

    private DeviceChoice() {}

    /**
     * The device for the calling task.
     *
     * @param setting {@code cpu}, {@code gpu} or {@code auto}
     * @param task the running task, or {@code null} outside a task (a local test), which has no
     *     Spark resources
     */
    static Device resolve(String setting, TaskContext task) {
        int gpus = setting.equals("cpu") ? 0 : Engine.getEngine("PyTorch").getGpuCount();
        return DevicePlanner.choose(setting, taskResources(task), gpus);
    }

    /** The task's resources as plain data: name to assigned addresses. */
    static Map<String, List<String>> taskResources(TaskContext task) {
        Map<String, List<String>> resources = new LinkedHashMap<>();
        if (task != null) {
            for (Map.Entry<String, ResourceInformation> entry : task.resourcesJMap().entrySet()) {
                resources.put(entry.getKey(), List.of(entry.getValue().addresses()));
            }
        }
        return resources;
    }
}
