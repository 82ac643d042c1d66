package fr.mssante.operator.bench.smtp;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A mail server the load harness measures, whatever it is made of: it listens on loopback for submission
 * ({@link ServerProcess#SUBMISSION} semantics: STARTTLS then AUTH PLAIN) and IMAPS ({@link ServerProcess#IMAPS}),
 * and tells how much CPU it has used so far.
 */
interface ServerUnderTest extends AutoCloseable {

    String name();

    /** The loopback port this server listens on for the listener known by its production port (587, 993). */
    int port(int productionPort);

    void start(Duration timeout) throws Exception;

    /** The domain and its accounts, each with an INBOX that STATUS answers 0 for before the first delivery. */
    void provision(String domain, List<Account> accounts) throws Exception;

    /** CPU time (user + system, all cores) the server's processes have used so far. */
    double cpuSeconds();

    /** The process id of a server that is one process (a JVM): its CPU is then also shown by thread. */
    default OptionalLong singleProcess() {
        return OptionalLong.empty();
    }

    /** Stops the server; never leaves a process of it behind. */
    @Override
    void close() throws Exception;
}
