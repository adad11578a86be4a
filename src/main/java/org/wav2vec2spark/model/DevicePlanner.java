package org.wav2vec2spark.model;

import ai.djl.Device;

import java.util.List;
import java.util.Map;

/**
 * Chooses the device a task's model runs on, from the {@code --device} setting, the resources Spark
 * assigned to the task and the GPUs libtorch sees.
 *
 * <p>Plain data in, so every rule is testable without a GPU or Spark:
 *
 * <ol>
 *   <li>{@code cpu}: the CPU, whatever else is visible;
 *   <li>Spark assigned the task a {@code gpu} resource (with {@code
 *       spark.executor.resource.gpu.amount} and {@code spark.task.resource.gpu.amount} set): that
 *       GPU address, which must be a libtorch GPU index below the visible count;
 *   <li>no GPU resource: GPU 0 when libtorch sees one ({@code gpu} and {@code auto}), else the CPU
 *       for {@code auto} and an error for {@code gpu}.
 * </ol>
 *
 * A task given several GPU addresses runs on the first: one task, one predictor, one device.
 */
public final class DevicePlanner {

    /** Spark's resource name for GPUs, as in {@code spark.task.resource.gpu.amount}. */
    public static final String GPU_RESOURCE = "gpu";

    private DevicePlanner() {}

    /**
     * Chooses the device.
     *
     * @param setting {@code auto}, {@code cpu} or {@code gpu}
     * @param taskResources resource name to the addresses Spark assigned the task (Spark's {@code
     *     TaskContext.resources()}); empty without resource scheduling
     * @param visibleGpus how many GPUs libtorch sees in this JVM
     * @return the device
     * @throws IllegalArgumentException for an unknown setting or a negative GPU count
     * @throws IllegalStateException when the inputs contradict each other, with what to change
     */
    public static Device choose(
            String setting, Map<String, List<String>> taskResources, int visibleGpus) {
        if (!List.of("auto", "cpu", "gpu").contains(setting)) {
            throw new IllegalArgumentException(
                    "--device must be auto, cpu or gpu, got '" + setting + "'");
        }
        if (visibleGpus < 0) {
            throw new IllegalArgumentException(
                    "Visible GPU count must be >= 0, got " + visibleGpus);
        }
        if (setting.equals("cpu")) {
            return Device.cpu();
        }
        List<String> assigned = taskResources.getOrDefault(GPU_RESOURCE, List.of());
        if (!assigned.isEmpty()) {
            return Device.gpu(assignedIndex(assigned.get(0), visibleGpus));
        }
        if (visibleGpus > 0) {
            return Device.gpu(0);
        }
        if (setting.equals("gpu")) {
            throw new IllegalStateException(
                    "--device gpu but libtorch sees no GPU on this executor and Spark assigned"
                            + " the task none; provide libtorch 2.7.1 for CUDA (README, GPU"
                            + " workers) or use --device cpu");
        }
        return Device.cpu();
    }

    private static int assignedIndex(String address, int visibleGpus) {
        int index;
        try {
            index = Integer.parseInt(address.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "Spark assigned GPU address '"
                            + address
                            + "', expected a GPU index such as 0; make the discovery script"
                            + " (spark.executor.resource.gpu.discoveryScript) print indices as"
                            + " conf/getGpusResources.sh does",
                    e);
        }
        if (visibleGpus == 0) {
            throw new IllegalStateException(
                    "Spark assigned GPU "
                            + index
                            + " but libtorch sees no GPU on this executor: the executor runs CPU"
                            + " libtorch; provide libtorch 2.7.1 for CUDA (README, GPU workers)");
        }
        if (index < 0 || index >= visibleGpus) {
            throw new IllegalStateException(
                    "Spark assigned GPU "
                            + index
                            + " but libtorch sees "
                            + visibleGpus
                            + " GPU(s), indices 0.."
                            + (visibleGpus - 1)
                            + "; the discovery script and CUDA_VISIBLE_DEVICES disagree");
        }
        return index;
    }
}
