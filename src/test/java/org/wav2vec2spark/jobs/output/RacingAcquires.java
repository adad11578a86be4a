package org.wav2vec2spark.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/** Jobs starting together on one output folder, as threads: which of them took its lock. */
public final class RacingAcquires {

    private RacingAcquires() {}

    /**
     * The locks that {@code jobs} threads acquiring {@code output}'s lock at once took; the others
     * must have been refused.
     */
    public static List<OutputLock> of(Configuration conf, String output, int jobs)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(jobs);
        AtomicInteger refused = new AtomicInteger();
        List<OutputLock> taken = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Exception> unexpected = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                    OutputLock lock = OutputLock.acquire(conf, output);
                                    synchronized (taken) {
                                        taken.add(lock);
                                    }
                                } catch (OutputWriteException e) {
                                    refused.incrementAndGet();
                                } catch (Exception e) {
                                    synchronized (unexpected) {
                                        unexpected.add(e);
                                    }
                                }
                            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(unexpected).as("exceptions other than a refusal").isEmpty();
        assertThat(refused).hasValue(jobs - taken.size());
        return taken;
    }
}
