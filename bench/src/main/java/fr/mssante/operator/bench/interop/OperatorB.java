package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import fr.mssante.operator.bench.smtp.ServerProcess;
import fr.mssante.operator.server.home.FreePorts;
import fr.mssante.operator.server.home.ServerHome;
import fr.mssante.operator.server.home.TestOperator;
import fr.mssante.operator.trust.pki.TestPki;

/**
 * Operator B, our durable server in its own JVM ({@link ServerProcess}): the repository's conf/ installed in a fresh
 * home (free loopback ports, loopback DNS), a SERV SSL certificate of the shared TEST hierarchy, the shared liste
 * blanche, and the port-25 pipeline of {@link Pipeline}. The bench talks to it over sockets only.
 */
final class OperatorB implements AutoCloseable {
    private final Pipeline pipeline;
    private final ServerHome home;
    private final TestOperator operator;
    private final ServerProcess server;

    private OperatorB(Pipeline pipeline, ServerHome home, TestOperator operator, ServerProcess server) {
        this.pipeline = pipeline;
        this.home = home;
        this.operator = operator;
        this.server = server;
    }

    /** Installs the home; write the liste blanche (with {@link #operator()}'s certificate) before {@link #start}. */
    static OperatorB install(Path root, Path templates, Pipeline pipeline, TestPki pki, String fqdn, Path listeBlanche,
                             String classpath, List<String> jvmOptions) throws IOException {
        Map<Integer, Integer> ports = FreePorts.forProductionPorts(ServerProcess.DURABLE_LISTENERS);
        ServerHome home = ServerProcess.install(root, templates, ports);
        home.useLoopbackDns();
        TestOperator operator = TestOperator.install(home, pki, fqdn, "OPERATEUR B " + pipeline.name(),
            ServerProcess.KEYSTORE_SECRET, listeBlanche);
        pipeline.applyTo(home.conf().resolve("smtpserver.xml"));
        return new OperatorB(pipeline, home, operator,
            ServerProcess.durable("B " + pipeline.label(), home, ports, classpath, jvmOptions));
    }

    Pipeline pipeline() {
        return pipeline;
    }

    TestOperator operator() {
        return operator;
    }

    int port(int productionPort) {
        return server.port(productionPort);
    }

    void start(Duration timeout) throws Exception {
        server.start(timeout);
    }

    /** CPU seconds B's JVM has used so far (all its threads: SMTP, spool, delivery, GC, JIT). */
    double cpuSeconds() {
        return server.cpuSeconds();
    }

    /** B's domain and its mailboxes, each with an INBOX so STATUS answers 0 before the first delivery. */
    void provision(String domain, List<String> mailboxes, String password) throws Exception {
        server.webAdmin().ensureDomain(domain);
        for (String mailbox : mailboxes) {
            server.webAdmin().ensureMailbox(mailbox, "ORG", "Bench mailbox of operator B", password);
            int status = server.webAdmin().put("/users/" + mailbox + "/mailboxes/INBOX", "").statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("Cannot create the INBOX of " + mailbox + ": HTTP " + status);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
