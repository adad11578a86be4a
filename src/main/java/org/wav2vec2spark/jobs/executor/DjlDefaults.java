package org.wav2vec2spark.jobs.executor;

/**
 * Process-wide DJL settings the jobs apply before the PyTorch engine starts, in the driver and in
 * every executor JVM.
 *
 * <p>DJL is kept offline (no native-library or model downloads, no usage-tracking call) unless the
 * user chose otherwise with {@code DJL_OFFLINE}/{@code ai.djl.offline}, e.g. to let GPU workers
 * with internet download CUDA libtorch. A setting already present is never overridden.
 */
public final class DjlDefaults {

    private DjlDefaults() {}

    /**
     * Applies the defaults.
     *
     * @param torchThreads libtorch intra-op threads, 0 to keep libtorch's choice
     */
    public static synchronized void apply(int torchThreads) {
        setUnlessConfigured("ai.djl.offline", "DJL_OFFLINE", "true");
        setUnlessConfigured("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        // The profiling graph executor re-optimises for every new input shape; utterance batches
        // change shape constantly, so it only adds latency here.
        setUnlessConfigured("ai.djl.pytorch.graph_optimizer", null, "false");
        if (torchThreads > 0) {
            setUnlessConfigured("ai.djl.pytorch.num_threads", null, Integer.toString(torchThreads));
        }
    }

    private static void setUnlessConfigured(String property, String environment, String value) {
        if (System.getProperty(property) == null
                && (environment == null || System.getenv(environment) == null)) {
            System.setProperty(property, value);
        }
    }
}
