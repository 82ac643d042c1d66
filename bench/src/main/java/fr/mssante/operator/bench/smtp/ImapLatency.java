package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long a mail client waits for the commands it sends to look at a mailbox: {@code STATUS INBOX (MESSAGES UNSEEN)}
 * (what polling clients send) and {@code EXAMINE INBOX} (a read-only SELECT: counts, first unseen, recent), each
 * timed {@value #ROUNDS} times on one logged-in connection, on a mailbox while another one grows.
 */
record ImapLatency(String server, String mailbox, long inMailbox, long inGrowingMailbox, double statusMedianMillis,
                   double statusP95Millis, double examineMedianMillis, double examineP95Millis) {
    static final int ROUNDS = 200;

    static ImapLatency measure(ServerUnderTest server, Account account, String mailbox, long inGrowingMailbox)
        throws IOException {
        try (ImapInbox inbox = new ImapInbox(server.port(ServerProcess.IMAPS), account.address(), account.password())) {
            long inMailbox = inbox.count();
            double[] status = timed(inbox, "STATUS INBOX (MESSAGES UNSEEN)");
            double[] examine = timed(inbox, "EXAMINE INBOX");
            return new ImapLatency(server.name(), mailbox, inMailbox, inGrowingMailbox, percentile(status, 50),
                percentile(status, 95), percentile(examine, 50), percentile(examine, 95));
        }
    }

    private static double[] timed(ImapInbox inbox, String command) throws IOException {
        for (int i = 0; i < ROUNDS / 4; i++) {
            inbox.command(command); // warm-up: JIT and caches of the server, not recorded
        }
        double[] millis = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long started = System.nanoTime();
            inbox.command(command);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }

    static String tableHeader() {
        return "| server | mailbox | its messages | messages in the growing mailbox | STATUS median ms | STATUS p95 ms | EXAMINE median ms | EXAMINE p95 ms |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|";
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %.2f |", server, mailbox, inMailbox,
            inGrowingMailbox, statusMedianMillis, statusP95Millis, examineMedianMillis, examineP95Millis);
    }

    String summary() {
        return "[bench] IMAP latency " + tableRow();
    }
}
