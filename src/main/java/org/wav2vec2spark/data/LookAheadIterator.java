package org.wav2vec2spark.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator whose next element is computed on demand: a subclass says how to produce the next
 * element, this class keeps the {@code hasNext}/{@code next} contract.
 *
 * @param <T> the element type; elements are never {@code null}
 */
public abstract class LookAheadIterator<T> implements Iterator<T> {
    private T next;
    private boolean exhausted;

    /**
     * Produces the next element.
     *
     * @return the next element, or {@code null} when there are no more; after that this method is
     *     not called again
     */
    protected abstract T computeNext();

    @Override
    public final boolean hasNext() {
        if (next == null && !exhausted) {
            next = computeNext();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T current = next;
        next = null;
        return current;
    }
}
