package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Unit test with in-memory stand-ins for James's JMS queues; the real spool is exercised by CrashRecoveryTest. */
class ParallelEnqueueMailQueueTest {

    @Test
    void concurrentEnqueuesUseSeveralProducersButNeverOneProducerTwice() throws Exception {
        int producers = 4;
        CountDownLatch allInside = new CountDownLatch(producers);
        List<RecordingQueue> queues = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            queues.add(new RecordingQueue(allInside));
        }
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.copyOf(queues), new StartupGate());

        ExecutorService senders = Executors.newFixedThreadPool(producers * 2);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < producers * 2; i++) {
                sent.add(senders.submit(() -> {
                    queue.enQueue(null);
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        // Each stand-in waits until all producers are inside at once: this only completes if they ran in parallel.
        assertThat(queues).allSatisfy(q -> {
            assertThat(q.sawSerialEnqueues).as("all producers busy at once").isFalse();
            assertThat(q.maxConcurrent.get()).as("one mail at a time per producer").isEqualTo(1);
        });
        assertThat(queues.stream().mapToInt(q -> q.enqueued.get()).sum()).isEqualTo(producers * 2);
    }

    @Test
    void aFailedEnqueueGivesItsProducerBack() throws Exception {
        RecordingQueue failing = new RecordingQueue(new CountDownLatch(0));
        failing.failNext = true;
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(failing), new StartupGate());

        assertThatThrownBy(() -> queue.enQueue(null, Duration.ofSeconds(5)))
            .isInstanceOf(ManageableMailQueue.MailQueueException.class)
            .hasMessageContaining("broker refused");
        queue.enQueue(null); // would block forever if the producer had not been given back
        assertThat(failing.enqueued.get()).isEqualTo(1);
    }

    @Test
    void readingAndManagingGoToTheFirstQueue() throws Exception {
        RecordingQueue first = new RecordingQueue(new CountDownLatch(0));
        RecordingQueue second = new RecordingQueue(new CountDownLatch(0));
        first.size = 7;
        second.size = 99;
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(first, second), new StartupGate());

        assertThat(queue.getSize()).isEqualTo(7);
        assertThat(queue.getName().asString()).isEqualTo("spool");
    }

    @Test
    void mailIsConsumedOnlyOnceTheServerHasStarted() throws Exception {
        RecordingQueue spool = new RecordingQueue(new CountDownLatch(0));
        StartupGate startupGate = new StartupGate();
        ParallelEnqueueMailQueue queue = new ParallelEnqueueMailQueue(List.of(spool), startupGate);

        // Like James's spooler: subscribed from a thread of its own, which waits for the gate.
        CountDownLatch subscribed = new CountDownLatch(1);
        Flux.from(queue.deQueue()).subscribeOn(Schedulers.single())
            .doOnComplete(subscribed::countDown).subscribe();
        assertThat(subscribed.await(200, TimeUnit.MILLISECONDS)).as("held while the server starts").isFalse();
        assertThat(spool.consumers.get()).isZero();

        startupGate.open();
        assertThat(subscribed.await(30, TimeUnit.SECONDS)).as("consumed once started").isTrue();
        assertThat(spool.consumers.get()).isEqualTo(1);
    }

    @Test
    void producerCountOutsideItsRangeIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> new SpoolSettings(0, false)).hasMessageContaining("mssante.spool.producers")
            .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new SpoolSettings(65, false)).hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> new ParallelEnqueueMailQueue(List.of(), new StartupGate())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spoolBodiesGoToTheSyncedJournalUnlessBlobFilesAreAskedFor() {
        BaseConfiguration configuration = new BaseConfiguration();
        assertThat(SpoolSettings.from(configuration)).isEqualTo(new SpoolSettings(8, false));

        configuration.setProperty(SpoolSettings.BLOB_MESSAGES, "true");
        configuration.setProperty(SpoolSettings.PRODUCERS, "2");
        assertThat(SpoolSettings.from(configuration)).isEqualTo(new SpoolSettings(2, true));

        configuration.setProperty(SpoolSettings.BLOB_MESSAGES, "sometimes");
        assertThatThrownBy(() -> SpoolSettings.from(configuration)).hasMessageContaining(SpoolSettings.BLOB_MESSAGES);
    }

    /** Counts enqueues and how many run at once on this producer; waits until every producer is busy. */
    private static final class RecordingQueue implements ManageableMailQueue {
        private final CountDownLatch allInside;
        private final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final AtomicInteger enqueued = new AtomicInteger();
        final AtomicInteger consumers = new AtomicInteger();
        volatile boolean failNext;
        volatile boolean sawSerialEnqueues;
        long size;

        RecordingQueue(CountDownLatch allInside) {
            this.allInside = allInside;
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            enQueue(mail);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            if (failNext) {
                failNext = false;
                throw new MailQueueException("broker refused");
            }
            int now = inside.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                allInside.countDown();
                if (!allInside.await(20, TimeUnit.SECONDS)) {
                    sawSerialEnqueues = true;
                }
                enqueued.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public MailQueueName getName() {
            return MailQueueName.of("spool");
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return Flux.empty();
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Flux.<MailQueueItem>empty().doOnSubscribe(subscription -> consumers.incrementAndGet());
        }

        @Override
        public long getSize() {
            return size;
        }

        @Override
        public long flush() {
            return 0;
        }

        @Override
        public long clear() {
            return 0;
        }

        @Override
        public long remove(Type type, String value) {
            return 0;
        }

        @Override
        public MailQueueIterator browse() {
            throw new UnsupportedOperationException("browsing is the primary JMS queue's, not exercised here");
        }

        @Override
        public void close() {
        }
    }
}
