package org.wav2vec2spark.model;

/**
 * Recognises a fault of the device among an engine's failures: a CUDA error such as an illegal
 * memory access, a device-side assert or a failed kernel launch leaves the GPU's context unusable
 * for the process, so no batch, smaller or not, would run on it again.
 *
 * <p>Running out of memory is not such a fault ({@link OutOfMemoryErrors}: a smaller batch may
 * fit), though CUDA reports it as "CUDA error: out of memory" too.
 */
public final class DeviceFaults {

    /** Markers in libtorch's, CUDA's, cuDNN's and cuBLAS's messages, lower case. */
    private static final String[] MARKERS = {
        "cuda error",
        "device-side assert",
        "illegal memory access",
        "unspecified launch failure",
        "cudnn_status_execution_failed",
        "cublas_status_execution_failed"
    };

    private DeviceFaults() {}

    /**
     * Whether a failure, or any of its causes, is a fault of the device.
     *
     * @param failure what the engine threw
     * @return true when a message in the cause chain names a device fault and none names running
     *     out of memory
     */
    public static boolean isDeviceFault(Throwable failure) {
        return !OutOfMemoryErrors.isOutOfMemory(failure)
                && CauseChain.any(failure, t -> CauseChain.mentions(t, MARKERS));
    }
}
