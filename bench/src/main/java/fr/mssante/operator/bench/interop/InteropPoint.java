package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import fr.mssante.operator.bench.smtp.BenchMessage;
import fr.mssante.operator.bench.smtp.Machine;
import fr.mssante.operator.bench.smtp.ServerProcess;
import fr.mssante.operator.bench.smtp.SmtpSession;

/**
 * One measured point: operator A sends up to {@code messages} messages into B's port 25 from {@code concurrency}
 * threads, either on reused connections (opened before the clock starts) or on a new connection per message, round
 * robin over B's mailboxes. Accepted = B's "250" after DATA; delivered = the first IMAP STATUS poll (every
 * {@value #POLL_MILLIS} ms) where B's INBOXes hold every accepted message. The clock starts at the first send; a
 * send budget bounds the point in time on a slow machine.
 */
final class InteropPoint {
    static final long POLL_MILLIS = 100;

    private final OperatorB b;
    private final PeerOperator a;
    private final String sender;
    private final List<String> mailboxes;
    private final String password;

    InteropPoint(OperatorB b, PeerOperator a, String sender, List<String> mailboxes, String password) {
        this.b = b;
        this.a = a;
        this.sender = sender;
        this.mailboxes = mailboxes;
        this.password = password;
    }

    InteropResult run(Connections mode, int repeat, int messages, int concurrency, int size, long sendBudgetNanos,
                      long deliveryTimeoutNanos) throws Exception {
        byte[] body = mode.delivers() ? BenchMessage.body(size) : new byte[0];
        int port = b.port(ServerProcess.MX);
        List<SmtpSession> reused = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        try (Inboxes inboxes = new Inboxes(b.port(ServerProcess.IMAPS), mailboxes, password)) {
            long before = inboxes.count();
            if (mode == Connections.REUSED) {
                for (int c = 0; c < concurrency; c++) {
                    reused.add(a.connect(port));
                }
            }
            String loadBefore = Machine.loadAverage();
            double bCpuBefore = b.cpuSeconds();
            Duration aCpuBefore = ownCpu();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            AtomicLong lastAccepted = new AtomicLong();
            long start = System.nanoTime();
            long stopSending = start + sendBudgetNanos;
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                SmtpSession kept = mode == Connections.REUSED ? reused.get(c) : null;
                running.add(senders.submit(() -> {
                    int n;
                    while (System.nanoTime() < stopSending && (n = next.getAndIncrement()) < messages) {
                        String to = mailboxes.get(n % mailboxes.size());
                        BenchMessage message = BenchMessage.of(sender, to, "interop " + mode.name() + " " + repeat + " " + n, body);
                        if (kept != null) {
                            kept.send(sender, to, message);
                        } else if (!mode.delivers()) {
                            try (SmtpSession session = a.connect(port)) {
                                String reply = session.mailFrom(sender);
                                if (!reply.startsWith("250")) {
                                    throw new IOException("B refused MAIL FROM " + sender + ": " + reply);
                                }
                            }
                        } else {
                            try (SmtpSession session = a.connect(port)) {
                                session.send(sender, to, message);
                            }
                        }
                        accepted.incrementAndGet();
                        lastAccepted.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    return null;
                }));
            }
            long deliveredAt = 0;
            long delivered = 0;
            long deadline = start + sendBudgetNanos + deliveryTimeoutNanos;
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                failFast(running);
                delivered = mode.delivers() ? inboxes.count() - before : 0;
                if (running.stream().allMatch(Future::isDone) && (delivered >= accepted.get() || !mode.delivers())) {
                    deliveredAt = System.nanoTime();
                    break;
                }
            }
            for (Future<?> sending : running) {
                sending.get(); // a refusal or a broken connection aborts the point with B's reply
            }
            double bCpu = b.cpuSeconds() - bCpuBefore;
            double aCpu = ownCpu().minus(aCpuBefore).toNanos() / 1e9;
            boolean complete = deliveredAt != 0;
            return new InteropResult(b.pipeline(), mode, repeat, accepted.get(), concurrency, size,
                (lastAccepted.get() - start) / 1e9, delivered,
                ((complete ? deliveredAt : System.nanoTime()) - start) / 1e9, complete, bCpu, aCpu, loadBefore,
                Machine.loadAverage());
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            for (SmtpSession session : reused) {
                session.close();
            }
        }
    }

    private static void failFast(List<Future<?>> running) throws Exception {
        for (Future<?> sending : running) {
            if (sending.isDone()) {
                sending.get();
            }
        }
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("This OS does not report the CPU time of the bench JVM"));
    }
}
