package fr.mssante.operator.server.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/**
 * One spool queue written through several JMS producer sessions. James 3.8.1's JMS queue has a single session whose
 * {@code send} is synchronized and waits for KahaDB to sync its journal, so every SMTP thread queued behind one disk
 * write at a time. With several sessions the broker receives concurrent sends and KahaDB writes them in one batch
 * and one sync (group commit): each "250" still waits for its own mail to be on disk.
 *
 * <p>Reading, browsing and managing go to the first queue; all of them share the same broker queue.
 */
final class ParallelEnqueueMailQueue implements ManageableMailQueue, Disposable {

    private final List<ManageableMailQueue> producers;
    private final ManageableMailQueue primary;
    private final BlockingQueue<ManageableMailQueue> idle;
    private final StartupGate startupGate;

    /** @param producers queues on the same name, each with its own JMS session; the first also dequeues */
    ParallelEnqueueMailQueue(List<ManageableMailQueue> producers, StartupGate startupGate) {
        if (producers.isEmpty()) {
            throw new IllegalArgumentException("at least one producer queue is needed");
        }
        this.producers = List.copyOf(producers);
        this.primary = producers.get(0);
        this.idle = new ArrayBlockingQueue<>(producers.size(), false, producers);
        this.startupGate = startupGate;
    }

    @Override
    public MailQueueName getName() {
        return primary.getName();
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        withIdleProducer(producer -> producer.enQueue(mail, delay));
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        withIdleProducer(producer -> producer.enQueue(mail));
    }

    /** Blocking on the subscriber's thread, as James's own JMS queue does. */
    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromCallable(() -> {
            enQueue(mail);
            return true;
        }).then();
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        return startupGate.hold(primary.deQueue());
    }

    @Override
    public long getSize() throws MailQueueException {
        return primary.getSize();
    }

    @Override
    public long flush() throws MailQueueException {
        return primary.flush();
    }

    @Override
    public long clear() throws MailQueueException {
        return primary.clear();
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        return primary.remove(type, value);
    }

    @Override
    public MailQueueIterator browse() throws MailQueueException {
        return primary.browse();
    }

    @Override
    public void close() {
        producers.forEach(queue -> {
            try {
                queue.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close spool queue " + getName().asString(), e);
            }
        });
    }

    @Override
    public void dispose() {
        producers.forEach(LifecycleUtil::dispose);
    }

    /** One mail at a time per producer session; the session goes back even when the broker refuses the mail. */
    private void withIdleProducer(Enqueue enqueue) throws MailQueueException {
        ManageableMailQueue producer = borrow();
        try {
            enqueue.into(producer);
        } finally {
            idle.add(producer);
        }
    }

    @FunctionalInterface
    private interface Enqueue {
        void into(ManageableMailQueue producer) throws MailQueueException;
    }

    private ManageableMailQueue borrow() throws MailQueueException {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailQueueException("interrupted while waiting for a spool producer of " + getName().asString());
        }
    }

    @Override
    public String toString() {
        return "ParallelEnqueueMailQueue{" + getName().asString() + ", producers=" + producers.size() + "}";
    }
}
