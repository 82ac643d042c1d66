package fr.mssante.operator.bench.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LoadResultTest {

    private static LoadResult result(long delivered, boolean complete, double serverCpu, Map<String, Double> threads) {
        return new LoadResult("durable", "10 mailboxes", 2000, 20, 10240, 10, 3000, 4.0, 10.0, delivered, complete,
            serverCpu, 1.0, new Machine.Cpu(25.0, 5.0), "0.50", "3.20", threads);
    }

    @Test
    void ratesAndCpuPerMessageComeFromTheMeasuredIntervals() {
        LoadResult point = result(2000, true, 12.0, Map.of());

        assertThat(point.acceptedPerSecond()).isEqualTo(500.0);
        assertThat(point.deliveredPerSecond()).isEqualTo(200.0);
        assertThat(point.serverCpuMillisPerMessage()).isEqualTo(6.0);
        assertThat(point.clientCpuMillisPerMessage()).isEqualTo(0.5);
        assertThat(point.machineCpuMillisPerMessage()).isEqualTo(12.5);
        assertThat(point.machineKernelPercent()).isEqualTo(20.0);
    }

    @Test
    void nothingDeliveredGivesNoCostPerMessageRatherThanInfinity() {
        LoadResult point = result(0, false, 12.0, Map.of());

        assertThat(point.serverCpuMillisPerMessage()).isNaN();
        assertThat(point.machineCpuMillisPerMessage()).isNaN();
        assertThat(point.summary()).contains("INCOMPLETE: 0 delivered at timeout");
        assertThat(point.tableRow()).contains("| 0 (timeout) |");
    }

    @Test
    void theTableRowHasAColumnForEveryHeaderColumn() {
        String header = LoadResult.tableHeader().lines().findFirst().orElseThrow();
        String row = result(2000, true, 12.0, Map.of()).tableRow();

        assertThat(row.chars().filter(c -> c == '|').count()).isEqualTo(header.chars().filter(c -> c == '|').count());
        assertThat(row).startsWith("| durable | 10 mailboxes | 2000 | 10 KB | 20 | 10 | 3000 | 500.0 | 200.0 | 2000 |")
            .endsWith("| 20 % | 0.50 / 3.20 |");
    }

    @Test
    void theCompilerShareCountsBothJitCompilersOnly() {
        Map<String, Double> threads = new LinkedHashMap<>();
        threads.put("C2 CompilerThre", 3.0);
        threads.put("C1 CompilerThre", 1.0);
        threads.put("smtpserver-subm", 6.0);
        LoadResult point = result(2000, true, 20.0, threads);

        assertThat(point.compilerPercent()).isCloseTo(20.0, within(1e-9));
        assertThat(point.cpuByThread()).isEqualTo("C2 CompilerThre 15 %, C1 CompilerThre 5 %, smtpserver-subm 30 %"
            + " (threads alive at the end: 50 % of the server's CPU)");
        assertThat(result(2000, true, 20.0, Map.of()).cpuByThread()).isEmpty();
    }
}
