package org.wav2vec2spark.model;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A failure and its causes, as engines wrap them: DJL passes libtorch's errors on as an {@code
 * EngineException}, sometimes inside a {@code TranslateException}. Recognising a kind of failure
 * means searching the whole chain, a cycle in it included.
 */
final class CauseChain {

    private CauseChain() {}

    /** Whether {@code test} holds for the failure or any of its causes. */
    static boolean any(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a failure's own message contains one of the markers, ignoring case. */
    static boolean mentions(Throwable failure, String... lowerCaseMarkers) {
        String message = failure.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String marker : lowerCaseMarkers) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
