package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.apache.james.mailbox.exception.MailboxException;
import org.junit.jupiter.api.Test;

class SequenceBlocksTest {
    /** A stand-in for the mailbox rows: the stored counter per mailbox, moved by each reservation. */
    static final class StoredCounters implements SequenceBlocks.Reservation {
        final Map<Long, Long> stored = new ConcurrentHashMap<>();
        final AtomicInteger reservations = new AtomicInteger();
        volatile boolean failing;

        @Override
        public long reserve(long mailboxId, int count) throws MailboxException {
            if (failing) {
                throw new MailboxException("database down");
            }
            reservations.incrementAndGet();
            long before = stored.getOrDefault(mailboxId, 0L);
            stored.put(mailboxId, before + count);
            return before;
        }
    }

    @Test
    void handsOutConsecutiveValuesWithOneReservationPerBlock() throws Exception {
        StoredCounters database = new StoredCounters();
        SequenceBlocks blocks = new SequenceBlocks(10, database);

        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            values.add(blocks.next(7));
        }

        assertThat(values).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(database.reservations).hasValue(3);
        assertThat(database.stored).containsEntry(7L, 30L);
        assertThat(blocks.lastHandedOut(7)).hasValue(25);
    }

    @Test
    void lastHandedOutIsEmptyUntilAMailboxGetsAValueSoTheDatabaseAnswers() throws Exception {
        SequenceBlocks blocks = new SequenceBlocks(10, new StoredCounters());

        assertThat(blocks.lastHandedOut(1)).isEmpty();
        blocks.next(2);
        assertThat(blocks.lastHandedOut(1)).isEmpty();
        assertThat(blocks.lastHandedOut(2)).hasValue(1);
    }

    @Test
    void afterARestartValuesContinueAboveEverythingReservedBefore() throws Exception {
        StoredCounters database = new StoredCounters();
        SequenceBlocks beforeCrash = new SequenceBlocks(100, database);
        long lastBefore = 0;
        for (int i = 0; i < 3; i++) {
            lastBefore = beforeCrash.next(5);
        }

        SequenceBlocks afterRestart = new SequenceBlocks(100, database);
        long firstAfter = afterRestart.next(5);

        assertThat(lastBefore).isEqualTo(3);
        assertThat(firstAfter).as("the unused rest of the block is a gap, never a reuse").isEqualTo(101);
    }

    @Test
    void aFailedReservationHandsOutNothingAndTheNextCallRetries() throws Exception {
        StoredCounters database = new StoredCounters();
        SequenceBlocks blocks = new SequenceBlocks(2, database);
        assertThat(blocks.next(1)).isEqualTo(1);
        assertThat(blocks.next(1)).isEqualTo(2);

        database.failing = true;
        assertThatThrownBy(() -> blocks.next(1)).isInstanceOf(MailboxException.class).hasMessage("database down");
        assertThat(blocks.lastHandedOut(1)).hasValue(2);

        database.failing = false;
        assertThat(blocks.next(1)).isEqualTo(3);
    }

    @Test
    void concurrentCallersNeverGetTheSameValue() throws Exception {
        StoredCounters database = new StoredCounters();
        SequenceBlocks blocks = new SequenceBlocks(7, database);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    mine.add(blocks.next(9));
                }
                return mine;
            }));
        }
        Set<Long> all = ConcurrentHashMap.newKeySet();
        for (Future<List<Long>> result : results) {
            List<Long> mine = result.get();
            assertThat(mine).isSorted();
            all.addAll(mine);
        }
        pool.shutdown();

        assertThat(all).hasSize(4000);
        assertThat(blocks.lastHandedOut(9)).hasValue(4000);
    }

    @Test
    void refusesAnEmptyBlock() {
        assertThatThrownBy(() -> new SequenceBlocks(0, new StoredCounters()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
