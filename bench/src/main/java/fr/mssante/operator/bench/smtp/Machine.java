package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a result depends on: cores, memory, JVM, and how busy the shared machine was. */
final class Machine {
    private Machine() {
    }

    static String describe() {
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

    private static String loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return "?";
        }
    }
}
