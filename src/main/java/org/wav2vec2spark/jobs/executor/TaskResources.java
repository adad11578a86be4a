package org.wav2vec2spark.jobs.executor;

import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a task has opened (its predictor, the audio reader thread, an archive stream), closed
 * together when the task ends, the last opened first.
 *
 * <p>A partition function registers its instance with the task before it opens anything and adds
 * each resource the moment it exists. Spark runs completion listeners whether the task succeeded,
 * failed or was killed, so a setup step that throws after the predictor was opened cannot leak it,
 * as a listener registered at the end of the setup would.
 */
final class TaskResources {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * Resources closed when a task ends.
     *
     * @param task the running task
     * @return an empty instance, already registered with the task
     */
    static TaskResources closedWhenDone(TaskContext task) {
        TaskResources resources = new TaskResources();
        TaskCompletionListener closeAll = context -> resources.close();
        task.addTaskCompletionListener(closeAll);
        return resources;
    }

    /**
     * Adds a resource to close when the task ends.
     *
     * @param resource just opened
     * @return the resource, to assign where it was opened
     */
    synchronized <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /**
     * Closes every resource added, the last added first; one that fails to close does not keep the
     * others open.
     *
     * @throws RuntimeException the first failure, later ones suppressed in it
     */
    synchronized void close() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure =
                            e instanceof RuntimeException unchecked
                                    ? unchecked
                                    : new IllegalStateException(
                                            "Cannot close a task resource: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
