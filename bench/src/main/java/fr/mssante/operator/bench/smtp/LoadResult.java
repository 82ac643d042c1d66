package fr.mssante.operator.bench.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One measured point, as printed on the console and in the Markdown table. */
record LoadResult(String server, String label, int messages, int connections, int size, int mailboxes,
                  long alreadyInMailboxes, double acceptSeconds, double deliverSeconds, long delivered,
                  boolean complete, double serverCpuSeconds, double clientCpuSeconds, Machine.Cpu machineCpu,
                  String loadBefore, String loadAfter, Map<String, Double> serverCpuByThread) {
    private static final int THREAD_GROUPS_SHOWN = 8;

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

    /** CPU of the harness's own JVM (the SMTP and IMAP clients) per delivered message. */
    double clientCpuMillisPerMessage() {
        return delivered == 0 ? Double.NaN : clientCpuSeconds * 1000 / delivered;
    }

    /**
     * Busy CPU of the whole machine (the server, the load client, and anything else running on the shared machine)
     * per delivered message over the same interval: an upper bound of what one message costs end to end here.
     */
    double machineCpuMillisPerMessage() {
        return delivered == 0 ? Double.NaN : machineCpu.busySeconds() * 1000 / delivered;
    }

    /**
     * Share of the machine's busy CPU spent in the kernel (system calls, interrupts) over the point. Postfix + Dovecot
     * spend about half their CPU there (a process per step, a file and an fsync per message), a JVM server a fifth; on
     * a machine where the kernel is dear (a virtual machine) this moves their ratio (bench-server.md, run 27).
     */
    double machineKernelPercent() {
        return machineCpu.busySeconds() <= 0 ? Double.NaN : 100 * machineCpu.kernelSeconds() / machineCpu.busySeconds();
    }

    static String tableHeader() {
        return "| server | point | messages | size | connections | mailboxes | already in mailbox(es) | accepted/s | delivered/s | delivered | server CPU ms/msg | client CPU ms/msg | machine CPU ms/msg | machine CPU in kernel | load avg before/after |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d | %.1f | %.1f | %s | %.1f | %.1f | %.1f | %.0f %% | %s / %s |",
            server, label, messages, sizeLabel(), connections, mailboxes, alreadyInMailboxes, acceptedPerSecond(),
            deliveredPerSecond(), complete ? delivered + "" : delivered + " (timeout)", serverCpuMillisPerMessage(),
            clientCpuMillisPerMessage(), machineCpuMillisPerMessage(), machineKernelPercent(), loadBefore, loadAfter);
    }

    String summary() {
        return String.format(Locale.ROOT,
            "[bench] %s %s: %d x %s over %d connections -> accepted %.1f/s (%.1f s), delivered %.1f/s (%.1f s)%s,"
                + " CPU ms/msg: server %.1f, client %.1f, machine %.1f (%.0f %% in the kernel); %d already there, load %s -> %s",
            server, label, messages, sizeLabel(), connections, acceptedPerSecond(), acceptSeconds, deliveredPerSecond(),
            deliverSeconds, complete ? "" : " INCOMPLETE: " + delivered + " delivered at timeout",
            serverCpuMillisPerMessage(), clientCpuMillisPerMessage(), machineCpuMillisPerMessage(), machineKernelPercent(),
            alreadyInMailboxes, loadBefore, loadAfter);
    }

    /** Share of the server's CPU its JIT compiler threads used during the point; 0 if not one process. */
    double compilerPercent() {
        double compiler = serverCpuByThread.entrySet().stream()
            .filter(group -> group.getKey().startsWith("C1 Compiler") || group.getKey().startsWith("C2 Compiler"))
            .mapToDouble(Map.Entry::getValue).sum();
        return serverCpuSeconds <= 0 ? 0 : 100 * compiler / serverCpuSeconds;
    }

    /** The server's largest thread groups with their share of its CPU over the point; empty if not one process. */
    String cpuByThread() {
        if (serverCpuByThread.isEmpty() || serverCpuSeconds <= 0) {
            return "";
        }
        double counted = serverCpuByThread.values().stream().mapToDouble(Double::doubleValue).sum();
        return serverCpuByThread.entrySet().stream().limit(THREAD_GROUPS_SHOWN)
            .map(group -> String.format(Locale.ROOT, "%s %.0f %%", group.getKey(), 100 * group.getValue() / serverCpuSeconds))
            .collect(Collectors.joining(", ", "", String.format(Locale.ROOT,
                " (threads alive at the end: %.0f %% of the server's CPU)", 100 * counted / serverCpuSeconds)));
    }

    private String sizeLabel() {
        return size >= 1024 ? (size / 1024) + " KB" : size + " B";
    }
}
