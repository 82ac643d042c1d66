package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by whole process trees, from Linux's /proc: for a server made of many processes (Postfix's master
 * and its smtpd, cleanup, qmgr, lmtp...; Dovecot's master and its auth, imap, lmtp...) that start and exit during a
 * point.
 *
 * <p>A live process counts with the run time the scheduler measured for each of its threads
 * ({@code /proc/<pid>/task/<tid>/schedstat}, nanoseconds), plus cutime + cstime of {@code /proc/<pid>/stat}: the CPU
 * of its children that have exited and that it has reaped. Every process of a tree is reaped by its parent inside
 * the tree (the masters wait for their children), so an exited process is counted once, in its parent's cutime.
 * utime + stime of {@code /proc/<pid>/stat} are not used for live processes: on this machine they under-count
 * processes that run in short bursts by about a third (checked against the kernel's own total of a whole Postfix +
 * Dovecot lifetime; see docs/bench-postfix-dovecot.md), while schedstat and the reaped totals agree with it within
 * 2 %. A process that exits between two reads of /proc can be missed or counted twice; the masters' long-lived
 * children make that rare.
 */
final class ProcessTreeCpu {
    /** USER_HZ, the unit of cutime and cstime: 100 on every Linux architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessTreeCpu() {
    }

    /** CPU seconds of the processes {@code roots} and all their descendants, alive or exited and reaped. */
    static double seconds(List<Long> roots) {
        Map<Long, Stat> all = readAll();
        Map<Long, List<Long>> children = new HashMap<>();
        all.forEach((pid, stat) -> children.computeIfAbsent(stat.parent, k -> new ArrayList<>()).add(pid));
        double seconds = 0;
        Deque<Long> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            long pid = pending.pop();
            Stat stat = all.get(pid);
            if (stat != null) {
                seconds += runSeconds(pid) + stat.reapedTicks / TICKS_PER_SECOND;
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return seconds;
    }

    /** Every process of the {@code roots}' trees still alive (for a forced stop). */
    static List<ProcessHandle> alive(List<Long> roots) {
        List<ProcessHandle> tree = new ArrayList<>();
        for (long root : roots) {
            ProcessHandle.of(root).ifPresent(process -> {
                tree.add(process);
                process.descendants().forEach(tree::add);
            });
        }
        return tree;
    }

    private static Map<Long, Stat> readAll() {
        Map<Long, Stat> stats = new HashMap<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            proc.map(path -> path.getFileName().toString())
                .filter(name -> name.chars().allMatch(Character::isDigit))
                .forEach(pid -> {
                    Stat stat = read(Path.of("/proc", pid));
                    if (stat != null) {
                        stats.put(Long.parseLong(pid), stat);
                    }
                });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc (process CPU times need Linux)", e);
        }
        return stats;
    }

    /** The parent of one process and the CPU of its reaped children; null if it has exited meanwhile. */
    private static Stat read(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            // Fields after the command name (which may hold spaces and parentheses): state ppid ... cutime cstime
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        } catch (IOException exited) {
            return null;
        }
    }

    /** Run time of all the threads of a live process (0 if it has exited meanwhile: its parent's cutime has it). */
    private static double runSeconds(long pid) {
        return ThreadCpu.read(pid).values().stream().mapToLong(ThreadCpu.ThreadTime::nanos).sum() / 1e9;
    }

    private record Stat(long parent, long reapedTicks) {
    }
}
