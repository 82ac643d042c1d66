package fr.mssante.operator.server.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeBindableAndNeverHandedOutTwice() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(port).isBetween(20_000, 32_767);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortSomethingListensOnIsSkipped() throws Exception {
        int before = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(before + 1)) {
            assertThat(FreePorts.next()).isNotEqualTo(before + 1).isGreaterThan(before);
        }
    }

    @Test
    void oneDistinctPortPerProductionPort() throws Exception {
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(25, 587, 993);
        assertThat(ports).containsOnlyKeys(25, 587, 993);
        assertThat(new HashSet<>(ports.values())).hasSize(3);
    }
}
