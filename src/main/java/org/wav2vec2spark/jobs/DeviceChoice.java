package org.wav2vec2spark.jobs;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Turns the {@code --device} setting into a DJL device on the executor. */
final class DeviceChoice {

    private DeviceChoice() {}

    /** {@code cpu}, {@code gpu} (GPU 0, an error when none is visible) or {@code auto}. */
    static Device resolve(String setting) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        return switch (setting) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalStateException(
                            "--device gpu but libtorch sees no GPU on this executor;"
                                    + " provide a CUDA libtorch (see README) or use --device cpu");
                }
                yield Device.gpu(0);
            }
            default -> gpus > 0 ? Device.gpu(0) : Device.cpu();
        };
    }
}
