package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a one-process server's CPU goes during a point: the run time the scheduler measured for each of its threads
 * ({@code /proc/<pid>/task/<tid>/schedstat}), summed by thread name without its number ("blocking-call-wrapper-66"
 * counts as "blocking-call-wrapper"; Linux keeps the first 15 characters of a name).
 * <p>
 * A sampling profiler does not answer this on a saturated machine: JFR samples a thread that is ready to run but
 * waiting for a core as if it ran, so a thread often kept waiting (H2's serialization thread) looked four times more
 * expensive than it was (docs/bench-server.md, run 23). A thread that ends during the point is not counted.
 */
final class ThreadCpu {
    private ThreadCpu() {
    }

    /** Run time so far of each live thread of {@code pid}, by thread id. */
    static Map<Long, ThreadTime> read(long pid) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTime(name, nanos));
                } catch (IOException | UncheckedIOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Map.of(); // the process has exited
        }
        return threads;
    }

    /** CPU seconds between two reads, by thread group, largest first; threads started in between count from zero. */
    static Map<String, Double> secondsByGroup(Map<Long, ThreadTime> before, Map<Long, ThreadTime> after) {
        Map<String, Double> groups = new HashMap<>();
        after.forEach((tid, thread) -> {
            ThreadTime earlier = before.get(tid);
            long start = earlier != null && earlier.name.equals(thread.name) ? earlier.nanos : 0;
            groups.merge(group(thread.name), (thread.nanos - start) / 1e9, Double::sum);
        });
        return groups.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A thread's name without the number that tells the threads of one pool apart. */
    static String group(String name) {
        return name.replaceFirst("[-#_ ]*\\d*$", "");
    }

    /** A thread's name and its run time so far, in nanoseconds. */
    record ThreadTime(String name, long nanos) {
    }
}
