package fr.mssante.operator.server.home;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for a throwaway server home (tests, benchmarks), taken below Linux's ephemeral range (32768-60999). A port
 * the kernel hands out as "any free port" lies in that range, so the kernel may give it to a client connection's
 * local end before the server binds it: James then exits with "Address already in use" (seen in CI). Each port is
 * handed out once per JVM, so no server stopped a moment ago lingers on it either.
 */
public final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_767;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(10_000));

    private FreePorts() {
    }

    /** A port nothing listens on now, never handed out before by this JVM. */
    public static int next() throws IOException {
        for (int tries = 0; tries < 1000; tries++) {
            int port = NEXT.getAndIncrement();
            if (port > LAST) {
                break;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IOException("no free port left between " + FIRST + " and " + LAST);
    }

    /** A free port for each production port (25, 143, 8000...), as {@link ServerHome#installConfiguration} takes them. */
    public static Map<Integer, Integer> forProductionPorts(int... productionPorts) throws IOException {
        Map<Integer, Integer> ports = new HashMap<>();
        for (int port : productionPorts) {
            ports.put(port, next());
        }
        return ports;
    }
}
