package fr.mssante.operator.bench.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured point: operator A sends up to {@code messages} messages into B's port 25 from {@code concurrency}
 * threads, either on reused connections (opened before the clock starts) or on a new connection per message, round
 * robin over B's mailboxes. Accepted = B's "250" after DATA; delivered = the first IMAP STATUS poll (every
 * {@value #POLL_MILLIS} ms) where B's INBOXes hold every accepted message. The clock starts at the first send; a
 * send budget bounds the point in time on a slow machine.
 */
final class InteropPoint {
    static final long POLL_MILLIS = 100;
    private static final int LINE = 76;

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
        byte[] body = mode.delivers() ? body(size) : new byte[0];
        int port = b.port(OperatorB.MX);
        List<PeerSession> reused = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        try (Inboxes inboxes = new Inboxes(b.port(OperatorB.IMAPS), mailboxes, password)) {
            long before = inboxes.count();
            if (mode == Connections.REUSED) {
                for (int c = 0; c < concurrency; c++) {
                    reused.add(a.connect(port));
                }
            }
            String loadBefore = loadAverage();
            Duration bCpuBefore = b.cpu();
            Duration aCpuBefore = ownCpu();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            AtomicLong lastAccepted = new AtomicLong();
            long start = System.nanoTime();
            long stopSending = start + sendBudgetNanos;
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                PeerSession kept = mode == Connections.REUSED ? reused.get(c) : null;
                running.add(senders.submit(() -> {
                    int n;
                    while (System.nanoTime() < stopSending && (n = next.getAndIncrement()) < messages) {
                        String to = mailboxes.get(n % mailboxes.size());
                        byte[] message = message(to, "interop " + mode.name() + " " + repeat + " " + n, body);
                        if (kept != null) {
                            kept.send(sender, to, message);
                        } else if (!mode.delivers()) {
                            try (PeerSession session = a.connect(port)) {
                                String reply = session.mailFrom(sender);
                                if (!reply.startsWith("250")) {
                                    throw new IOException("B refused MAIL FROM " + sender + ": " + reply);
                                }
                            }
                        } else {
                            try (PeerSession session = a.connect(port)) {
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
            double bCpu = b.cpu().minus(bCpuBefore).toNanos() / 1e9;
            double aCpu = ownCpu().minus(aCpuBefore).toNanos() / 1e9;
            boolean complete = deliveredAt != 0;
            return new InteropResult(b.pipeline(), mode, repeat, accepted.get(), concurrency, size,
                (lastAccepted.get() - start) / 1e9, delivered,
                ((complete ? deliveredAt : System.nanoTime()) - start) / 1e9, complete, bCpu, aCpu, loadBefore,
                loadAverage());
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            for (PeerSession session : reused) {
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

    /** A text/plain message from A's sender; its own Message-ID, the shared body of 76-character lines. */
    private byte[] message(String to, String subject, byte[] body) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(body.length + 512);
        message.write(("From: <" + sender + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@bench.operateur-a.mssante.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII));
        message.write(body);
        return message.toByteArray();
    }

    /** About {@code size} bytes of lowercase letters in CRLF lines: no line starts with a dot, no stuffing needed. */
    private static byte[] body(int size) {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder(size + LINE);
        while (text.length() < size) {
            for (int i = 0; i < LINE; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("This OS does not report the CPU time of the bench JVM"));
    }

    /** The 1-minute load average of the shared machine, recorded next to every point. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException unavailable) {
            return "?";
        }
    }
}
