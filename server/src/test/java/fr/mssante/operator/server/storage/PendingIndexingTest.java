package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.Group;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class PendingIndexingTest {
    static final MailboxId INBOX = JPAId.of(1);
    static final MailboxId ARCHIVES = JPAId.of(2);
    static final Group LISTENER = new IndexGroup();
    static final RetryBackoffConfiguration FAST_RETRIES = RetryBackoffConfiguration.builder()
        .maxRetries(2).firstBackoff(Duration.ofMillis(1)).jitterFactor(0.5).build();

    final MemoryEventDeadLetters deadLetters = new MemoryEventDeadLetters();
    final PendingIndexing pending = new PendingIndexing(1, deadLetters, FAST_RETRIES, new NoopGaugeRegistry());

    @AfterEach
    void shutdown() {
        pending.shutdown();
    }

    @Test
    void aMailboxIsIdleOnlyOnceItsWritesHaveEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        pending.submit(INBOX, LISTENER, event(), 0, Mono.fromRunnable(() -> await(release)));

        CompletableFuture<Void> inbox = pending.whenIdle(List.of(INBOX)).toFuture();
        assertThat(pending.whenIdle(List.of(ARCHIVES)).toFuture()).as("another mailbox is not held back").isDone();
        assertThat(pending.pending()).isEqualTo(1);
        Thread.sleep(100);
        assertThat(inbox).as("still writing").isNotDone();

        release.countDown();
        inbox.get(10, TimeUnit.SECONDS);
        assertThat(pending.pending()).isZero();
        assertThat(pending.awaitAll(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aWriteThatKeepsFailingIsRetriedThenItsEventKeptInTheDeadLetters() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Event event = event();
        pending.submit(INBOX, LISTENER, event, 0, Mono.fromRunnable(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("index locked");
        }));

        pending.whenIdle(List.of(INBOX)).block(Duration.ofSeconds(10));
        assertThat(attempts).as("first try and two retries").hasValue(3);
        assertThat(deadLetters.failedIds(LISTENER).flatMap(id -> deadLetters.failedEvent(LISTENER, id)).collectList().block())
            .containsExactly(event);
        assertThat(pending.pending()).isZero();
    }

    @Test
    void aWriteThatSucceedsOnRetryLeavesNoDeadLetter() {
        AtomicInteger attempts = new AtomicInteger();
        pending.submit(INBOX, LISTENER, event(), 0, Mono.fromRunnable(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("transient");
            }
        }));

        pending.whenIdle(List.of(INBOX)).block(Duration.ofSeconds(10));
        assertThat(attempts).hasValue(2);
        assertThat(deadLetters.containEvents().block()).isFalse();
    }

    @Test
    void whenTheQueueIsFullTheNextWriteRunsOnTheCallersThread() {
        CountDownLatch release = new CountDownLatch(1);
        pending.submit(INBOX, LISTENER, event(), 0, Mono.fromRunnable(() -> await(release)));
        AtomicReference<String> lastThread = new AtomicReference<>();
        // One thread busy, then a full queue: the write after those runs where it is submitted.
        for (int i = 0; i <= 64; i++) {
            pending.submit(INBOX, LISTENER, event(), 0, Mono.fromRunnable(() -> lastThread.set(Thread.currentThread().getName())));
        }
        assertThat(lastThread.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(pending.pending()).isEqualTo(65);

        release.countDown();
        assertThat(pending.awaitAll(Duration.ofSeconds(10))).isTrue();
        assertThat(lastThread.get()).startsWith("search-index-write-");
    }

    @Test
    void whenTheMessagesWaitingReachTheByteBudgetTheNextWriteRunsOnTheCallersThread() {
        CountDownLatch release = new CountDownLatch(1);
        pending.submit(INBOX, LISTENER, event(), 60L * 1024 * 1024, Mono.fromRunnable(() -> await(release)));
        AtomicReference<String> thread = new AtomicReference<>();
        pending.submit(INBOX, LISTENER, event(), 5L * 1024 * 1024, Mono.fromRunnable(() -> thread.set(Thread.currentThread().getName())));
        assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());

        release.countDown();
        assertThat(pending.awaitAll(Duration.ofSeconds(10))).isTrue();
        pending.submit(INBOX, LISTENER, event(), 5L * 1024 * 1024, Mono.fromRunnable(() -> thread.set(Thread.currentThread().getName())));
        assertThat(pending.awaitAll(Duration.ofSeconds(10))).isTrue();
        assertThat(thread.get()).as("the budget is given back as writes end").startsWith("search-index-write-");
    }

    @Test
    void awaitAllReportsWritesStillRunning() {
        CountDownLatch release = new CountDownLatch(1);
        pending.submit(ARCHIVES, LISTENER, event(), 0, Mono.fromRunnable(() -> await(release)));

        assertThat(pending.awaitAll(Duration.ofMillis(50))).isFalse();
        release.countDown();
        assertThat(pending.awaitAll(Duration.ofSeconds(10))).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Event event() {
        Event.EventId id = Event.EventId.random();
        return new Event() {
            @Override
            public Username getUsername() {
                return Username.of("dpi@demo.mssante.test");
            }

            @Override
            public boolean isNoop() {
                return false;
            }

            @Override
            public Event.EventId getEventId() {
                return id;
            }
        };
    }

    static final class IndexGroup extends Group {
    }
}
