package fr.mssante.operator.bench.smtp;

import java.util.Locale;

/** One measured point, as printed on the console and in the Markdown table. */
record LoadResult(String server, String label, int messages, int connections, int size, int mailboxes,
                  long alreadyInMailboxes, double acceptSeconds, double deliverSeconds, long delivered,
                  boolean complete, double serverCpuSeconds, String loadBefore, String loadAfter) {

    double acceptedPerSecond() {
        return messages / acceptSeconds;
    }

    double deliveredPerSecond() {
        return delivered / deliverSeconds;
    }

    /** Server CPU (all cores) spent per delivered message, from the start of the point until all were delivered. */
    double serverCpuMillisPerMessage() {
        return delivered == 0 ? Double.NaN : serverCpuSeconds * 1000 / delivered;
    }

    static String tableHeader() {
        return "| server | point | messages | size | connections | mailboxes | already in mailbox(es) | accepted/s | delivered/s | delivered | server CPU ms/msg | load avg before/after |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d | %.1f | %.1f | %s | %.1f | %s / %s |",
            server, label, messages, sizeLabel(), connections, mailboxes, alreadyInMailboxes, acceptedPerSecond(),
            deliveredPerSecond(), complete ? delivered + "" : delivered + " (timeout)", serverCpuMillisPerMessage(),
            loadBefore, loadAfter);
    }

    String summary() {
        return String.format(Locale.ROOT,
            "[bench] %s %s: %d x %s over %d connections -> accepted %.1f/s (%.1f s), delivered %.1f/s (%.1f s)%s,"
                + " server CPU %.1f ms/msg, %d already there, load %s -> %s",
            server, label, messages, sizeLabel(), connections, acceptedPerSecond(), acceptSeconds, deliveredPerSecond(),
            deliverSeconds, complete ? "" : " INCOMPLETE: " + delivered + " delivered at timeout",
            serverCpuMillisPerMessage(), alreadyInMailboxes, loadBefore, loadAfter);
    }

    private String sizeLabel() {
        return size >= 1024 ? (size / 1024) + " KB" : size + " B";
    }
}
