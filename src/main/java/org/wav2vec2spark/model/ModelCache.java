package org.wav2vec2spark.model;

import ai.djl.Device;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM's loaded models: one {@link Wav2Vec2Model} per (model directory, version of its files,
 * device), loaded on first use and shared by every later task. A directory whose files changed
 * between two jobs of one application (a model exported again into the same folder) is loaded
 * afresh, beside the old model, which stays until {@link #closeAll()} (tests call it between
 * classes; in a job the application's end releases it). It is not closed when the new one loads: a
 * task of an earlier job may still run on it, and a closed DJL model fails in native code.
 *
 * <p>Spark runs many tasks per executor JVM; loading the model per task or per partition (as DJL's
 * own Spark extension does) repeats seconds to minutes of work and multiplies memory. Callers take
 * the shared model here and open their own {@link LogitsPredictor} per thread. The first callers
 * for a key wait for one load; a failed load is not cached, so a later call tries again.
 */
public final class ModelCache {

    private static final ConcurrentMap<Key, Slot> SLOTS = new ConcurrentHashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();
    private static volatile Loader loader = Wav2Vec2Model::load;

    private ModelCache() {}

    /**
     * The JVM's model for a directory and device, loading it if no caller has yet.
     *
     * @param modelDirectory the model directory (any path spelling of the same directory shares one
     *     model)
     * @param device the device to run on
     * @return the shared model; do not close it, {@link #closeAll()} does
     * @throws ModelLoadException when opening or loading fails
     */
    public static Wav2Vec2Model get(Path modelDirectory, Device device) throws ModelLoadException {
        return lookUp(modelDirectory, device).model();
    }

    /**
     * As {@link #lookUp(Path, String, Device)} for a directory whose files do not change while the
     * JVM runs (tests and benchmarks).
     *
     * @param modelDirectory the model directory
     * @param device the device to run on
     * @return the shared model and whether this call loaded it
     * @throws ModelLoadException when opening or loading fails
     */
    public static CachedModel lookUp(Path modelDirectory, Device device) throws ModelLoadException {
        return lookUp(modelDirectory, "", device);
    }

    /**
     * As {@link #get}, also saying whether this call loaded the model, so a job can count the loads
     * its own tasks caused however many models the JVM held before it started.
     *
     * @param modelDirectory the model directory (any path spelling of the same directory shares one
     *     model)
     * @param version names the directory's files as the job found them (the driver's digest of
     *     them), so that files changed since an earlier job are loaded anew
     * @param device the device to run on
     * @return the shared model and whether this call loaded it
     * @throws ModelLoadException when opening or loading fails
     */
    public static CachedModel lookUp(Path modelDirectory, String version, Device device)
            throws ModelLoadException {
        Key key = new Key(modelDirectory.toAbsolutePath().normalize(), version, device);
        while (true) {
            CachedModel cached = SLOTS.computeIfAbsent(key, k -> new Slot()).model(key);
            if (cached != null) {
                return cached;
            }
            // closeAll() closed the slot between our look-up and its lock. It removed the slot
            // from the map before closing it, so the next look-up makes a live one, which a later
            // closeAll() will find; loading into the closed one would leak a model nothing closes.
        }
    }

    /**
     * How many models this JVM has loaded through the cache.
     *
     * @return the number of successful loads since the JVM started
     */
    public static long loadCount() {
        return LOADS.get();
    }

    /**
     * How many times the cache has loaded one model directory on one device since it last forgot
     * it: 1 per version of its files once cached, 0 before and after {@link #closeAll()} (which
     * starts the count again). {@link #loadCount()} counts every load of the JVM.
     *
     * @param modelDirectory the model directory
     * @param device the device
     * @return the loads of that model so far, 0 if never loaded
     */
    public static long loadCount(Path modelDirectory, Device device) {
        Path directory = modelDirectory.toAbsolutePath().normalize();
        long loads = 0;
        for (Map.Entry<Key, Slot> entry : SLOTS.entrySet()) {
            Key key = entry.getKey();
            if (key.directory().equals(directory) && key.device().equals(device)) {
                loads += entry.getValue().loads();
            }
        }
        return loads;
    }

    /**
     * Closes and forgets every cached model, so the next {@link #get} loads afresh.
     *
     * <p>Safe to call while other threads call {@link #get}: each slot leaves the map before it is
     * closed and refuses to load once closed, so a caller that found a slot just before it closed
     * looks the key up again and gets a model that is cached (and closed by the next call of this
     * method) instead of one loaded into a forgotten slot. A model already handed out is closed
     * under its user, though, so call this only when no task is running inference (between tests).
     * Not from a shutdown hook: a load that began as the JVM started to exit waits in {@link
     * LibtorchCalls} for ever, holding its slot.
     */
    public static void closeAll() {
        for (Key key : SLOTS.keySet()) {
            Slot slot = SLOTS.remove(key);
            if (slot != null) {
                slot.close();
            }
        }
    }

    /**
     * Replaces how models are loaded, so a test can check the keying by device without a GPU.
     *
     * @param replacement the new loader
     * @return the loader it replaced, to put back
     */
    static Loader replaceLoader(Loader replacement) {
        Loader previous = loader;
        loader = replacement;
        return previous;
    }

    /** Loads one model; {@link Wav2Vec2Model#load} outside tests. */
    @FunctionalInterface
    interface Loader {
        Wav2Vec2Model load(ModelDirectory directory, Device device) throws ModelLoadException;
    }

    /**
     * A model from the cache and whether the call that returned it loaded it.
     *
     * @param model the shared model; do not close it, {@link #closeAll()} does
     * @param loadedByThisCall true for the one call that loaded it, false for every call that found
     *     it cached
     */
    public record CachedModel(Wav2Vec2Model model, boolean loadedByThisCall) {}

    private record Key(Path directory, String version, Device device) {}

    /**
     * Holds one key's model; its lock makes concurrent first callers wait for a single load. Once
     * closed it stays empty, as {@link ModelCache#closeAll()} has removed it from the map.
     */
    private static final class Slot {
        private Wav2Vec2Model model;
        private long loads;
        private boolean closed;

        /** The model, loaded on first call; null once closed, to look the key up again. */
        synchronized CachedModel model(Key key) throws ModelLoadException {
            if (closed) {
                return null;
            }
            if (model != null) {
                return new CachedModel(model, false);
            }
            model = loader.load(ModelDirectory.open(key.directory()), key.device());
            loads++;
            LOADS.incrementAndGet();
            return new CachedModel(model, true);
        }

        synchronized long loads() {
            return loads;
        }

        synchronized void close() {
            closed = true;
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }
}
