package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.server.home.WebAdminClient;

/** Stop the server, start a new one on the same working directory: nothing an operator configured or received is gone. */
class RestartDurabilityTest {
    static final String DOMAIN = "restart.mssante.test";
    static final String MEDECIN = "medecin@" + DOMAIN;
    static final String SECRETARIAT = "secretariat@" + DOMAIN;
    static final String PASSWORD = "restart-password";

    @TempDir
    Path root;
    GuiceJamesServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void configurationMailboxesAndMessagesSurviveARestart() throws Exception {
        configurationMailboxesAndMessagesSurviveARestart(TestHome.install(root, DOMAIN));
    }

    /** The scenario on any home of {@link #DOMAIN} (also run on PostgreSQL by {@link PostgresServerTest}). */
    static void configurationMailboxesAndMessagesSurviveARestart(TestHome home) throws Exception {
        GuiceJamesServer server = MssanteServerMain.start(home.root().toFile());
        try {
            WebAdminClient webAdmin = home.webAdmin();
            webAdmin.ensureDomain(DOMAIN);
            webAdmin.ensureUser(MEDECIN, PASSWORD);
            webAdmin.ensureUser(SECRETARIAT, PASSWORD);
            assertThat(webAdmin.put("/quota/users/" + MEDECIN + "/size", "5000000").statusCode()).isEqualTo(204);
            assertThat(webAdmin.put("/address/forwards/" + MEDECIN + "/targets/" + SECRETARIAT, "").statusCode()).isEqualTo(204);
            assertThat(webAdmin.put("/address/forwards/" + MEDECIN + "/targets/" + MEDECIN, "").statusCode()).isEqualTo(204);
            assertThat(webAdmin.post("/vacation/" + MEDECIN,
                "{\"enabled\":true,\"subject\":\"Absent\",\"textBody\":\"De retour lundi.\"}").statusCode()).isEqualTo(204);
            try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
                assertThat(store.getFolder("Archives").create(Folder.HOLDS_MESSAGES)).isTrue();
            }
            String messageId = send(home, SECRETARIAT, MEDECIN, "avant redemarrage");
            awaitMessageIds(home, MEDECIN, Set.of(messageId));

            server.stop();
            Path cleanStop = home.root().resolve("var/mssante-clean-stop");
            assertThat(cleanStop).as("a clean stop commits the search index and marks it").exists();
            server = MssanteServerMain.start(home.root().toFile());
            assertThat(cleanStop).as("taken at start, so that a crash from now on is seen").doesNotExist();

            webAdmin = home.webAdmin();
            assertThat(webAdmin.get("/domains").body()).contains(DOMAIN);
            assertThat(webAdmin.get("/users").body()).contains(MEDECIN, SECRETARIAT);
            assertThat(webAdmin.get("/quota/users/" + MEDECIN + "/size").body()).isEqualTo("5000000");
            assertThat(webAdmin.get("/address/forwards/" + MEDECIN).body()).contains(SECRETARIAT, MEDECIN);
            assertThat(webAdmin.get("/vacation/" + MEDECIN).body()).contains("\"enabled\":true", "Absent", "De retour lundi.");
            try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
                assertThat(store.getFolder("Archives").exists()).isTrue();
            }
            assertThat(messageIds(home, MEDECIN)).contains(messageId);
            try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.search(new SubjectTerm("redemarrage"))).as("found by the search index after the restart").hasSize(1);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void mailAcceptedButNotYetDeliveredAtStopIsDeliveredAfterRestart() throws Exception {
        TestHome home = TestHome.install(root, DOMAIN);
        server = startWithBothUsers(home);

        // Four submitters; the server is stopped the moment the last "250" arrives, so part of the batch is
        // still in the spool (the count is printed; delivery after restart must be complete either way).
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        List<Future<String>> accepted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            accepted.add(submitters.submit(() -> send(home, SECRETARIAT, MEDECIN, "lot " + n)));
        }
        Set<String> acceptedIds = new HashSet<>();
        for (Future<String> future : accepted) {
            acceptedIds.add(future.get());
        }
        submitters.shutdown();
        String spool = home.webAdmin().get("/mailQueues/spool").body();
        server.stop();
        System.out.println("mssante.test.restart accepted=" + acceptedIds.size() + " spoolAtStop=" + spool);

        server = MssanteServerMain.start(home.root().toFile());
        List<String> delivered = awaitMessageIds(home, MEDECIN, acceptedIds);
        assertThat(delivered).containsAll(acceptedIds);
        assertThat(delivered).as("no message delivered twice").doesNotHaveDuplicates();
        assertThat(home.webAdmin().get("/quota/users/" + MEDECIN).body())
            .as("mail delivered from the spool at restart counts in the quota")
            .contains("\"count\":" + delivered.size() + ",");
        try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.search(new SubjectTerm("lot"))).as("and is found by the search index").hasSize(delivered.size());
        }
    }

    @Test
    void anUnreadableOrDeletedSearchIndexIsRebuiltFromTheMailboxesAtStart() throws Exception {
        TestHome home = TestHome.install(root, DOMAIN);
        server = startWithBothUsers(home);
        String messageId = send(home, SECRETARIAT, MEDECIN, "index perdu");
        awaitMessageIds(home, MEDECIN, Set.of(messageId));
        server.stop();

        Path index = home.root().resolve("var/lucene");
        try (var files = Files.list(index)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, new byte[] {1, 2, 3}); // what a file-system fault leaves
            }
        }
        server = MssanteServerMain.start(home.root().toFile());
        try (var siblings = Files.list(index.getParent())) {
            assertThat(siblings.map(f -> f.getFileName().toString())).as("the unreadable index is kept aside")
                .anyMatch(name -> name.startsWith("lucene.unreadable-"));
        }
        assertThat(subjectSearch(home, "perdu")).as("found after the index was rebuilt").isEqualTo(1);
        server.stop();

        deleteRecursively(index);
        server = MssanteServerMain.start(home.root().toFile());
        assertThat(subjectSearch(home, "perdu")).as("found after the index folder was deleted").isEqualTo(1);
    }

    private static GuiceJamesServer startWithBothUsers(TestHome home) throws Exception {
        GuiceJamesServer started = MssanteServerMain.start(home.root().toFile());
        home.webAdmin().ensureDomain(DOMAIN);
        home.webAdmin().ensureUser(MEDECIN, PASSWORD);
        home.webAdmin().ensureUser(SECRETARIAT, PASSWORD);
        return started;
    }

    private static int subjectSearch(TestHome home, String word) throws Exception {
        try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            return inbox.search(new SubjectTerm(word)).length;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String send(TestHome home, String from, String to, String text) throws Exception {
        MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(text, "UTF-8");
        message.setText(text + "\r\n", "UTF-8");
        message.saveChanges();
        MailClients.submit(home.port(587), from, PASSWORD, message);
        return message.getMessageID();
    }

    static List<String> awaitMessageIds(TestHome home, String user, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> ids = messageIds(home, user);
        while (!ids.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            ids = messageIds(home, user);
        }
        return ids;
    }

    static List<String> messageIds(TestHome home, String user) throws Exception {
        return MailClients.inboxMessageIds(home.port(993), user, PASSWORD);
    }
}
