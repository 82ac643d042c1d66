package fr.mssante.operator.bench.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.mssante.operator.bench.smtp.ThreadCpu.ThreadTime;

class ThreadCpuTest {

    @Test
    void threadsOfOnePoolFormOneGroup() {
        assertThat(ThreadCpu.group("blocking-call-wrapper-66")).isEqualTo("blocking-call-wrapper");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("pool-3-thread-12")).isEqualTo("pool-3-thread");
        assertThat(ThreadCpu.group("spooler #4")).isEqualTo("spooler");
        assertThat(ThreadCpu.group("H2-serialization")).isEqualTo("H2-serialization");
    }

    @Test
    void countsWhatEachGroupRanBetweenTwoReadsLargestFirst() {
        Map<Long, ThreadTime> before = Map.of(
            1L, new ThreadTime("spooler-1", 1_000_000_000L),
            2L, new ThreadTime("spooler-2", 2_000_000_000L),
            3L, new ThreadTime("old-name", 5_000_000_000L));
        Map<Long, ThreadTime> after = Map.of(
            1L, new ThreadTime("spooler-1", 1_500_000_000L),
            2L, new ThreadTime("spooler-2", 3_000_000_000L),
            3L, new ThreadTime("imapserver-7", 250_000_000L), // thread id reused by a new thread: counted from zero
            4L, new ThreadTime("C2 CompilerThre", 4_000_000_000L)); // started in between: counted from zero

        Map<String, Double> groups = ThreadCpu.secondsByGroup(before, after);

        assertThat(groups).containsExactly(entry("C2 CompilerThre", 4.0), entry("spooler", 1.5),
            entry("imapserver", 0.25));
    }
}
