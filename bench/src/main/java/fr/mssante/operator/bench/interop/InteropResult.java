package fr.mssante.operator.bench.interop;

import java.util.Locale;

/** One measured point. */
record InteropResult(Pipeline pipeline, Connections connections, int repeat, int messages, int concurrency, int size,
                     double acceptSeconds, long delivered, double deliverSeconds, boolean complete, double bCpuSeconds,
                     double aCpuSeconds, String loadBefore, String loadAfter) {

    /** B's CPU per delivered message: what the pipeline costs, whatever share of the cores B got meanwhile. */
    double bCpuMillisPerMessage() {
        return 1000 * bCpuSeconds / (connections.delivers() ? delivered : messages);
    }

    /** Operator A's (this JVM's) CPU per accepted message: the client side of the handshakes. */
    double aCpuMillisPerMessage() {
        return 1000 * aCpuSeconds / messages;
    }

    double acceptedPerSecond() {
        return messages / acceptSeconds;
    }

    double deliveredPerSecond() {
        return delivered / deliverSeconds;
    }

    static String tableHeader() {
        return "| pipeline | connections | run | messages (sessions) | size | concurrency | accepted/s (sessions/s) | delivered/s | delivered | B CPU ms/msg (/session) | A CPU ms/msg (/session) | load avg 1 min before/after |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %d | %.1f | %s | %s | %.1f | %.1f | %s / %s |",
            pipeline.label(), connections.label(), repeat, messages, connections.delivers() ? size / 1024 + " KB" : "—",
            concurrency, acceptedPerSecond(),
            connections.delivers() ? String.format(Locale.ROOT, "%.1f", deliveredPerSecond()) : "—",
            !connections.delivers() ? "—" : complete ? Long.toString(delivered) : delivered + " (timeout)", bCpuMillisPerMessage(),
            aCpuMillisPerMessage(), loadBefore, loadAfter);
    }

    String summary() {
        if (!connections.delivers()) {
            return String.format(Locale.ROOT,
                "[interop] %s, %s, run %d: %d sessions over %d threads -> %.1f sessions/s (%.1f s), B CPU %.1f ms/session,"
                    + " A CPU %.1f ms/session, load %s -> %s",
                pipeline.label(), connections.label(), repeat, messages, concurrency, acceptedPerSecond(), acceptSeconds,
                bCpuMillisPerMessage(), aCpuMillisPerMessage(), loadBefore, loadAfter);
        }
        return String.format(Locale.ROOT,
            "[interop] %s, %s, run %d: %d x %d KB over %d threads -> accepted %.1f/s (%.1f s), delivered %.1f/s (%.1f s)%s, B CPU %.1f ms/msg, A CPU %.1f ms/msg, load %s -> %s",
            pipeline.label(), connections.label(), repeat, messages, size / 1024, concurrency, acceptedPerSecond(),
            acceptSeconds, deliveredPerSecond(), deliverSeconds, complete ? "" : " INCOMPLETE", bCpuMillisPerMessage(),
            aCpuMillisPerMessage(), loadBefore, loadAfter);
    }
}
