package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured point: {@code messages} messages of {@code size} bytes over {@code connections} submission
 * connections opened (STARTTLS + AUTH) before the clock starts and reused for every message, spread round-robin
 * over the recipients. The clock starts at the first MAIL FROM. Accepted = the last "250" after DATA; delivered =
 * the first STATUS poll where the recipients' INBOXes hold every accepted message. Polls cost the server a query
 * each: one round of polls every {@link #POLL_MILLIS} ms per recipient keeps them at 10 STATUS per second whatever
 * the number of recipients (100 ms resolution for one mailbox, 1 s for ten).
 */
final class LoadRun {
    static final long POLL_MILLIS = 100;

    private final ServerUnderTest server;
    private final Account sender;
    private final List<Account> recipients;

    LoadRun(ServerUnderTest server, Account sender, List<Account> recipients) {
        this.server = server;
        this.sender = sender;
        this.recipients = recipients;
    }

    /** Sends the messages over the connections and waits until the recipients' INBOXes hold them all. */
    LoadResult run(String label, int messages, int connections, int size, long deliveryTimeoutNanos) throws Exception {
        byte[] body = BenchMessage.body(size);
        List<ImapInbox> inboxes = new ArrayList<>();
        List<SmtpSession> sessions = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        try {
            for (Account recipient : recipients) {
                inboxes.add(new ImapInbox(server.port(ServerProcess.IMAPS), recipient.address(), recipient.password()));
            }
            long before = count(inboxes);
            for (int c = 0; c < connections; c++) {
                sessions.add(SmtpSession.submission(server.port(ServerProcess.SUBMISSION), sender.address(), sender.password()));
            }
            String loadBefore = Machine.loadAverage();
            double cpuBefore = server.cpuSeconds();
            Map<Long, ThreadCpu.ThreadTime> threadsBefore = threads(server);
            Machine.Cpu machineBefore = Machine.cpu();
            double clientBefore = Machine.harnessCpuSeconds();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            AtomicLong lastAccepted = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (SmtpSession session : sessions) {
                running.add(senders.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < messages) {
                        Account to = recipients.get(n % recipients.size());
                        session.send(sender.address(), to.address(),
                            BenchMessage.of(sender.address(), to.address(), label + " " + n, body));
                        accepted.incrementAndGet();
                        lastAccepted.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    return null;
                }));
            }
            long deliveredAt = 0;
            long delivered = 0;
            long deadline = start + deliveryTimeoutNanos;
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS * inboxes.size());
                failFast(running);
                delivered = count(inboxes) - before;
                if (allDone(running) && delivered >= accepted.get()) {
                    deliveredAt = System.nanoTime();
                    break;
                }
            }
            for (Future<?> sending : running) {
                sending.get(); // a refusal or broken connection aborts the point with the server's reply
            }
            boolean complete = deliveredAt != 0;
            double serverCpu = server.cpuSeconds() - cpuBefore;
            Map<String, Double> byThread = ThreadCpu.secondsByGroup(threadsBefore, threads(server));
            Machine.Cpu machineCpu = Machine.cpu().since(machineBefore);
            double clientCpu = Machine.harnessCpuSeconds() - clientBefore;
            return new LoadResult(server.name(), label, accepted.get(), connections, size, recipients.size(), before,
                (lastAccepted.get() - start) / 1e9, ((complete ? deliveredAt : System.nanoTime()) - start) / 1e9,
                delivered, complete, serverCpu, clientCpu, machineCpu, loadBefore, Machine.loadAverage(), byThread);
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            for (SmtpSession session : sessions) {
                session.close();
            }
            for (ImapInbox inbox : inboxes) {
                inbox.close();
            }
        }
    }

    private static Map<Long, ThreadCpu.ThreadTime> threads(ServerUnderTest server) {
        OptionalLong pid = server.singleProcess();
        return pid.isPresent() ? ThreadCpu.read(pid.getAsLong()) : Map.of();
    }

    /** Messages in the recipients' INBOXes now. */
    long count() throws IOException {
        List<ImapInbox> inboxes = new ArrayList<>();
        try {
            for (Account recipient : recipients) {
                inboxes.add(new ImapInbox(server.port(ServerProcess.IMAPS), recipient.address(), recipient.password()));
            }
            return count(inboxes);
        } finally {
            for (ImapInbox inbox : inboxes) {
                inbox.close();
            }
        }
    }

    private static long count(List<ImapInbox> inboxes) throws IOException {
        long total = 0;
        for (ImapInbox inbox : inboxes) {
            total += inbox.count();
        }
        return total;
    }

    private static boolean allDone(List<Future<?>> running) {
        return running.stream().allMatch(Future::isDone);
    }

    private static void failFast(List<Future<?>> running) throws Exception {
        for (Future<?> sending : running) {
            if (sending.isDone()) {
                sending.get();
            }
        }
    }
}
