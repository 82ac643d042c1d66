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
