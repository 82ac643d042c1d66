package fr.mssante.operator.bench.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills one mailbox up to a size before a growth point, as fast as the server allows: IMAP APPEND of small
 * messages over parallel connections (no SMTP spool in the way). Stops at the target or when the time budget is
 * spent, and says how far it got.
 */
final class Prefill {
    private final ServerUnderTest server;
    private final Account mailbox;

    Prefill(ServerUnderTest server, Account mailbox) {
        this.server = server;
        this.mailbox = mailbox;
    }

    /** @return the INBOX size reached */
    long upTo(long target, int connections, int size, long budgetNanos) throws Exception {
        byte[] body = BenchMessage.body(size);
        long start = System.nanoTime();
        long before;
        try (ImapInbox inbox = new ImapInbox(server.port(ServerProcess.IMAPS), mailbox.address(), mailbox.password())) {
            before = inbox.count();
        }
        AtomicInteger next = new AtomicInteger((int) before);
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                running.add(workers.submit(() -> {
                    try (ImapInbox inbox = new ImapInbox(server.port(ServerProcess.IMAPS), mailbox.address(), mailbox.password())) {
                        int n;
                        while (System.nanoTime() - start < budgetNanos && (n = next.getAndIncrement()) < target) {
                            inbox.append(BenchMessage.of("lps@" + SmtpLoad.DOMAIN, mailbox.address(), "pre-fill " + n, body));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
        }
        long reached;
        try (ImapInbox inbox = new ImapInbox(server.port(ServerProcess.IMAPS), mailbox.address(), mailbox.password())) {
            reached = inbox.count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT,
            "[bench] %s pre-fill (IMAP APPEND, %d connections, %d B): %d -> %d messages in %.0f s (%.1f msg/s), load %s",
            server.name(), connections, size, before, reached, seconds, (reached - before) / seconds, Machine.loadAverage()));
        return reached;
    }
}
