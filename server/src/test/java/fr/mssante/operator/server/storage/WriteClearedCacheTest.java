package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WriteClearedCacheTest {
    @Test
    void loadsOnceUntilCleared() {
        WriteClearedCache<String, Integer> cache = new WriteClearedCache<>(10);
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.get("medecin", key -> loads.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get("medecin", key -> loads.incrementAndGet())).isEqualTo(1);
        cache.clear();
        assertThat(cache.get("medecin", key -> loads.incrementAndGet())).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadThatOverlappedAWriteIsReturnedButNotKept() {
        WriteClearedCache<String, String> cache = new WriteClearedCache<>(10);

        String overlapped = cache.get("medecin", key -> {
            cache.clear(); // a writer changed the data while this load was reading the old value
            return "before the write";
        });

        assertThat(overlapped).isEqualTo("before the write");
        assertThat(cache.getIfPresent("medecin")).isNull();
        assertThat(cache.get("medecin", key -> "after the write")).isEqualTo("after the write");
    }
}
