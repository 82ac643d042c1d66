package fr.mssante.operator.server.storage;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * A read cache for data that changes only through the store owning it (one node): the store clears it after every
 * write, so reads are never stale. A load that overlapped a write is returned but not kept.
 */
public final class WriteClearedCache<K, V> {
    @FunctionalInterface
    public interface Loader<K, V, E extends Exception> {
        V load(K key) throws E;
    }

    private final Cache<K, V> entries;
    private final Object lock = new Object();
    private long generation;

    public WriteClearedCache(long maxEntries) {
        this.entries = CacheBuilder.newBuilder().maximumSize(maxEntries).build();
    }

    public V getIfPresent(K key) {
        return entries.getIfPresent(key);
    }

    public <E extends Exception> V get(K key, Loader<K, V, E> loader) throws E {
        V cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long readAt = generation();
        V loaded = loader.load(key);
        putUnlessCleared(key, loaded, readAt);
        return loaded;
    }

    /** Taken before a load that ends elsewhere (a reactive one): hand it to {@link #putUnlessCleared}. */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Keeps {@code loaded} unless the cache was cleared since {@code readAt}: the load may have read stale data. */
    public void putUnlessCleared(K key, V loaded, long readAt) {
        synchronized (lock) {
            if (generation == readAt) {
                entries.put(key, loaded);
            }
        }
    }

    public void clear() {
        synchronized (lock) {
            generation++;
            entries.invalidateAll();
        }
    }
}
