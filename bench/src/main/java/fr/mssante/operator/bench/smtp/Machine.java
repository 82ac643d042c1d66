package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a result depends on: cores, memory, JVM, and how busy the shared machine was. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        return "cores: " + Runtime.getRuntime().availableProcessors() + "\n"
            + "memory: " + memTotal() + "\n"
            + "java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
            + "load average at start (1/5/15 min): " + loadAverages();
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ").replace("MemTotal: ", "");
        } catch (IOException | RuntimeException unavailable) {
            return "?";
        }
    }

    /** The 1-minute load average of the shared machine, recorded next to every point. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException unavailable) {
            return "?";
        }
    }

    /**
     * CPU seconds the whole machine has been busy so far, all cores, every process (the servers, the load client and
     * whatever else runs on the shared machine), from /proc/stat's "cpu" line in USER_HZ (100 per second): busy is
     * user + nice + system + irq + softirq + steal (idle and I/O wait are not busy), kernel is system + irq + softirq.
     */
    public static Cpu cpu() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] cpu = lines.filter(line -> line.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("/proc/stat has no cpu line")).trim().split("\\s+");
            long kernel = Long.parseLong(cpu[3]) + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]);
            long busy = kernel + Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[8]);
            return new Cpu(busy / 100.0, kernel / 100.0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/stat (machine CPU time needs Linux)", e);
        }
    }

    /** Busy and in-kernel CPU seconds of the machine; see {@link #cpu()}. */
    public record Cpu(double busySeconds, double kernelSeconds) {
        Cpu since(Cpu before) {
            return new Cpu(busySeconds - before.busySeconds, kernelSeconds - before.kernelSeconds);
        }
    }

    /** CPU seconds this harness's JVM (the load client) has used so far, all threads, user + system. */
    public static double harnessCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("no CPU time for the harness's own process on this OS"))
            .toNanos() / 1e9;
    }

    /** The 1, 5 and 15-minute load averages. */
    public static String loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return "?";
        }
    }
}
