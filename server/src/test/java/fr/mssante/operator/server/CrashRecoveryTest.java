package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the server while clients submit: every message that got "250" must be in its mailbox after restart.
 * Duplicates (delivered, then handed over again because the spool acknowledgement was lost) are counted and must be
 * none: DeliverOnce skips the recipients that already hold a mail.
 * The search index is committed only by a clean restart before the load (commit period of a day): after the kill it
 * has lost every later change, and the recovery at start must index messages again, rewrite a flag set after the
 * restart, remove an expunged message and a deleted folder; the quota recovery must count what the lost events did not.
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
        noAcceptedMessageIsLostWhenTheServerIsKilled(TestHome.install(root, DOMAIN));
    }

    /** The scenario on any home of {@link #DOMAIN} (also run on PostgreSQL by {@link PostgresServerTest}). */
    static void noAcceptedMessageIsLostWhenTheServerIsKilled(TestHome home) throws Exception {
        Path databaseConf = home.root().resolve("conf/james-database.properties");
        Files.writeString(databaseConf, Files.readString(databaseConf)
            .replaceAll("mssante.search.commit-seconds=\\d+", "mssante.search.commit-seconds=86400"));
        try (ChildServer child = new ChildServer(home)) {
            child.start();
            assertThat(Files.readAllLines(child.log().toPath())).filteredOn(line -> line.contains("recovery: no "))
                .as("a first start has nothing to recover, and says so without a warning")
                .anyMatch(line -> line.contains("quota recovery: no clean-stop mark and no user yet"))
                .noneMatch(line -> line.contains("WARN"));
            home.webAdmin().ensureDomain(DOMAIN);
            home.webAdmin().ensureUser(SENDER, PASSWORD);
            home.webAdmin().ensureUser(RECIPIENT, PASSWORD);
            deliverPrealables(home);
            child.stop();
            child.start();
            seeAndExpunge(home);

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
            if (!lost.isEmpty()) {
                // What an operator would look at: the spool, the error repositories, the server's errors.
                System.out.println("mssante.test.crash spool: " + home.webAdmin().get("/mailQueues/spool").body());
                System.out.println("mssante.test.crash repositories: " + home.webAdmin().get("/mailRepositories").body());
                Files.readAllLines(child.log().toPath()).stream().filter(line -> line.contains("ERROR") || line.contains("WARN"))
                    .forEach(line -> System.out.println("mssante.test.crash log: " + line));
                for (String thread : child.threadDump().split("\n\n")) {
                    if (thread.contains("\"spooler") || thread.contains("fr.mssante.operator.server")) {
                        System.out.println("mssante.test.crash thread: " + thread);
                    }
                }
            }
            assertThat(lost).as("accepted (250) but missing after the crash").isEmpty();

            assertThat(duplicates).as("mail handed over again by the spool after the kill is not stored twice (DeliverOnce)")
                .isZero();
            Files.readAllLines(child.log().toPath()).stream()
                .filter(line -> line.contains("recovery") || line.contains("already in the mailboxes"))
                .forEach(line -> System.out.println("mssante.test.crash log: " + line));
            try (Store store = MailClients.imaps(home.port(993), RECIPIENT, PASSWORD)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(home.webAdmin().get("/quota/users/" + RECIPIENT).body())
                    .as("mail delivered from the spool at restart counts in the quota")
                    .contains("\"count\":" + inbox.getMessageCount() + ",");
                assertThat(inbox.search(new SubjectTerm("crash")))
                    .as("every delivered message is found by SEARCH after the crash")
                    .hasSize(inbox.getMessageCount() - 2);
                assertThat(subjects(inbox.search(new SubjectTerm("prealable"))))
                    .as("the expunged message is not found").containsExactlyInAnyOrder("prealable alpha", "prealable gamma");
                assertThat(subjects(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), true))))
                    .as("the flag set before the crash is found").containsExactly("prealable alpha");
            }
            // Mail left in the spool was delivered (above) without waiting for the search index check, which ends
            // after the last start-up completed.
            String log = awaitAfterLastStart(child, "search index recovery done in");
            assertThat(log)
                .contains("quota recovery: no clean-stop mark", "search index recovery: no clean-stop mark")
                .containsPattern("search index recovery: mailbox \\d+ \\(#private:" + RECIPIENT + ":INBOX\\) repaired: "
                    + "\\d+ messages indexed again, 1 removed, [1-9]\\d* flags rewritten")
                .containsPattern("search index recovery: documents of deleted mailbox \\d+ removed");
        }
    }

    /** The whole log, once it says {@code line} after the last "start-up complete" line. */
    private static String awaitAfterLastStart(ChildServer child, String line) throws Exception {
        String started = "start-up complete: mail delivery from the queues starts";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String log = Files.readString(child.log().toPath());
            int lastStart = log.lastIndexOf(started);
            if (lastStart >= 0 && log.indexOf(line, lastStart) > 0) {
                return log;
            }
            assertThat(System.nanoTime()).as("the log says '" + line + "' after '" + started + "'").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void deliverPrealables(TestHome home) throws Exception {
        for (String name : List.of("alpha", "beta", "gamma")) {
            MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
            message.setFrom(new InternetAddress(SENDER));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECIPIENT));
            message.setSubject("prealable " + name);
            message.setText("avant la panne\r\n");
            message.saveChanges();
            MailClients.submit(home.port(587), SENDER, PASSWORD, message);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (MailClients.inboxMessageIds(home.port(993), RECIPIENT, PASSWORD).size() < 3) {
            assertThat(System.nanoTime()).as("three messages delivered").isLessThan(deadline);
            Thread.sleep(200);
        }
        try (Store store = MailClients.imaps(home.port(993), RECIPIENT, PASSWORD)) {
            Folder archives = store.getFolder("Archives");
            assertThat(archives.create(Folder.HOLDS_MESSAGES)).isTrue();
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            inbox.copyMessages(inbox.getMessages(), archives);
        }
    }

    /**
     * The first is marked seen, the second expunged, the folder deleted: changes the index then loses, as it is not
     * committed again.
     */
    private static void seeAndExpunge(TestHome home) throws Exception {
        try (Store store = MailClients.imaps(home.port(993), RECIPIENT, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message message : inbox.getMessages()) {
                if (message.getSubject().equals("prealable alpha")) {
                    message.setFlag(Flags.Flag.SEEN, true);
                } else if (message.getSubject().equals("prealable beta")) {
                    message.setFlag(Flags.Flag.DELETED, true);
                } else {
                    message.setFlag(Flags.Flag.SEEN, false);
                }
            }
            inbox.close(true);
            assertThat(store.getFolder("Archives").delete(true)).isTrue();
        }
    }

    private static List<String> subjects(Message[] messages) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (Message message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
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
