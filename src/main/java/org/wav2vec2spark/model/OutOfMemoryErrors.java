package org.wav2vec2spark.model;

/**
 * Recognises an engine's out-of-memory failure, which a smaller batch may avoid, among other
 * failures, which it would not.
 *
 * <p>libtorch reports a CUDA allocation failure as {@code c10::OutOfMemoryError} ("CUDA out of
 * memory. Tried to allocate ..."), a failed CUDA call as "CUDA error: out of memory", cuBLAS and
 * cuDNN as {@code *_STATUS_ALLOC_FAILED}, and the CPU allocator as "DefaultCPUAllocator: can't
 * allocate memory". DJL passes them on as an {@code EngineException}, sometimes wrapped in a {@code
 * TranslateException}, so the whole cause chain is searched.
 */
public final class OutOfMemoryErrors {

    private static final String[] MARKERS = {
        "out of memory", "outofmemoryerror", "alloc_failed", "can't allocate memory"
    };

    private OutOfMemoryErrors() {}

    /**
     * Whether a failure, or any of its causes, is an out-of-memory error.
     *
     * @param failure what the engine threw
     * @return true when a message or exception class name in the chain names running out of memory
     */
    public static boolean isOutOfMemory(Throwable failure) {
        return CauseChain.any(
                failure, t -> t instanceof OutOfMemoryError || CauseChain.mentions(t, MARKERS));
    }
}
