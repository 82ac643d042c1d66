package fr.mssante.operator.james.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupSyncTest {
    private final GroupSync group = new GroupSync();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void everyCommitReturnsAfterASyncThatStartedAfterIt() throws Exception {
        AtomicLong started = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        GroupSync.SyncAction sync = () -> {
            long mine = started.incrementAndGet();
            Thread.onSpinWait();
            completed.set(mine);
        };
        AtomicInteger violations = new AtomicInteger();
        List<Future<?>> committers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            committers.add(threads.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    long before = started.get();
                    group.awaitDurable(sync);
                    if (completed.get() < before + 1) {
                        violations.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> committer : committers) {
            committer.get(60, TimeUnit.SECONDS);
        }
        assertThat(violations).hasValue(0);
        assertThat(group.syncs()).isEqualTo(started.get()).isBetween(1L, 16L * 500);
    }

    @Test
    void aCommitArrivingDuringASyncWaitsForTheNextOneWhichItShares() throws Exception {
        CountDownLatch firstSyncRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstSync = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        GroupSync.SyncAction sync = () -> {
            if (syncs.incrementAndGet() == 1) {
                firstSyncRunning.countDown();
                await(releaseFirstSync);
            }
        };
        Future<?> first = threads.submit(() -> {
            group.awaitDurable(sync);
            return null;
        });
        assertThat(firstSyncRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(threads.submit(() -> {
                group.awaitDurable(sync);
                return null;
            }));
        }
        Thread.sleep(200);
        assertThat(late).noneMatch(Future::isDone);

        releaseFirstSync.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> commit : late) {
            commit.get(10, TimeUnit.SECONDS);
        }
        // The five late commits found the first sync running: one more sync, started after all of them, covers them.
        assertThat(syncs.get()).isEqualTo(2);
    }

    @Test
    void aFailedSyncFailsItsCommitsWithTheCauseAndTheNextSyncIsTriedAfresh() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupSync.SyncAction failingOnce = failingOnce(calls, new SQLException("No space left on device"));

        assertThatThrownBy(() -> group.awaitDurable(failingOnce))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("committed but the database could not be written to disk (No space left on device)")
            .hasRootCauseMessage("No space left on device");
        group.awaitDurable(failingOnce);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aRuntimeFailureOfTheSyncIsReportedAndDoesNotBlockLaterCommits() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupSync.SyncAction failingOnce = failingOnce(calls, new IllegalStateException("Database is already closed"));

        assertThatThrownBy(() -> group.awaitDurable(failingOnce))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("Database is already closed");
        threads.submit(() -> {
            group.awaitDurable(failingOnce);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    /** A sync that throws {@code failure} on its first call and succeeds afterwards. */
    private static GroupSync.SyncAction failingOnce(AtomicInteger calls, Exception failure) {
        return () -> {
            if (calls.incrementAndGet() == 1) {
                if (failure instanceof SQLException sql) {
                    throw sql;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    private static void await(CountDownLatch latch) throws SQLException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new SQLException(e);
        }
    }
}
