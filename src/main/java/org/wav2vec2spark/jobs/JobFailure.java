package org.wav2vec2spark.jobs;

/** How a job's command line reports a Spark job that failed: its root cause, in one line. */
final class JobFailure {

    private static final String PROJECT_PACKAGE = "org.wav2vec2spark.";

    private JobFailure() {}

    /**
     * The innermost cause, which is what users can act on (Spark wraps a task's exception in
     * several layers), after the message of the outermost exception of this project in the chain,
     * which names the file or setting ({@code Cannot load .../model.pt ...: EngineException: not a
     * ZIP archive}); the full trace is in the log.
     */
    static String describe(Throwable e) {
        Throwable ours = null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (ours == null && t.getClass().getName().startsWith(PROJECT_PACKAGE)) {
                ours = t;
            }
            root = t;
        }
        String cause = root.getClass().getSimpleName() + ": " + root.getMessage();
        if (ours == null || ours == root) {
            return cause;
        }
        // Our message may already quote the cause (new ModelLoadException(e.getMessage(), e)).
        String message = String.valueOf(ours.getMessage());
        return root.getMessage() != null && message.contains(root.getMessage())
                ? message
                : message + ": " + cause;
    }
}
