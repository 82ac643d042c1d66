package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the server while clients submit: every message that got "250" must be in its mailbox after restart.
 * Duplicates (delivered, then redelivered because the spool acknowledgement was lost) are counted and reported.
 */
class CrashRecoveryTest {
    static final String DOMAIN = "crash.mssante.test";
    static final String SENDER = "lps@" + DOMAIN;
    static final String RECIPIENT = "dpi@" + DOMAIN;
    static final String PASSWORD = "crash-password";
    static final int MESSAGES = 300;
    static final int KILL_AFTER_ACCEPTED = 200;
    static final int CLIENTS = 3;

    @TempDir
    Path root;

    @Test
    void noAcceptedMessageIsLostWhenTheServerIsKilled() throws Exception {
        TestHome home = TestHome.install(root, DOMAIN);
        try (ChildServer child = new ChildServer(home)) {
            child.start();
            home.webAdmin().ensureDomain(DOMAIN);
            home.webAdmin().ensureUser(SENDER, PASSWORD);
            home.webAdmin().ensureUser(RECIPIENT, PASSWORD);

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger killed = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> submitUntilRefused(home, next, accepted, child, killed));
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            assertThat(killed.get()).as("the server was killed mid-traffic").isEqualTo(1);
            System.out.println("mssante.test.crash accepted=" + accepted.size() + " attempted=" + next.get());

            child.start();
            List<String> delivered = awaitAll(home, accepted);
            Map<String, Integer> copies = new HashMap<>();
            delivered.forEach(id -> copies.merge(id, 1, Integer::sum));
            long duplicates = copies.values().stream().filter(count -> count > 1).count();
            List<String> lost = new ArrayList<>(accepted);
            lost.removeAll(delivered);
            System.out.println("mssante.test.crash delivered=" + delivered.size() + " lost=" + lost.size()
                + " duplicated=" + duplicates);
            assertThat(lost).as("accepted (250) but missing after the crash").isEmpty();
        }
    }

    private static Void submitUntilRefused(TestHome home, AtomicInteger next, Set<String> accepted,
                                           ChildServer child, AtomicInteger killed) throws Exception {
        try (Transport transport = MailClients.submissionSession(home.port(587)).getTransport("smtp")) {
            transport.connect("127.0.0.1", home.port(587), SENDER, PASSWORD);
            int n;
            while ((n = next.getAndIncrement()) < MESSAGES) {
                MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
                message.setFrom(new InternetAddress(SENDER));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECIPIENT));
                message.setSubject("crash " + n);
                message.setText("message " + n + "\r\n" + "x".repeat(2000) + "\r\n");
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
                accepted.add(message.getMessageID());
                if (accepted.size() >= KILL_AFTER_ACCEPTED && killed.compareAndSet(0, 1)) {
                    child.kill();
                }
            }
        } catch (jakarta.mail.MessagingException refusedOrDisconnected) {
            // expected once the server is gone: only messages that got "250" count
        }
        return null;
    }

    private static List<String> awaitAll(TestHome home, Set<String> accepted) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        List<String> delivered = MailClients.inboxMessageIds(home.port(993), RECIPIENT, PASSWORD);
        while (!delivered.containsAll(accepted) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            delivered = MailClients.inboxMessageIds(home.port(993), RECIPIENT, PASSWORD);
        }
        return delivered;
    }
}
