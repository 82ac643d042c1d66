package fr.mssante.operator.server;

import static fr.mssante.operator.server.RestartDurabilityTest.MEDECIN;
import static fr.mssante.operator.server.RestartDurabilityTest.PASSWORD;
import static fr.mssante.operator.server.RestartDurabilityTest.SECRETARIAT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.search.SubjectTerm;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.server.maintenance.CompactCommand;

/** {@code ./mssante compact}: refused while the server runs; once it is stopped, the files shrink and the mail stays. */
class CompactCommandTest {
    static final int MESSAGES = 40;
    static final String JAMES = "james (mailboxes, users, domains, quotas)";
    static final String REGISTRY = "mssante (mailbox registry, audit trail)";

    @TempDir
    Path root;

    @Test
    void compactsTheDatabasesOfAStoppedServerAndItsMailRemains() throws Exception {
        TestHome home = TestHome.install(root, RestartDurabilityTest.DOMAIN);
        Path james = home.root().resolve("var/store/h2/james.mv.db");
        Set<String> sent = new HashSet<>();
        try (ChildServer child = new ChildServer(home)) {
            child.start();
            home.webAdmin().ensureDomain(RestartDurabilityTest.DOMAIN);
            home.webAdmin().ensureUser(MEDECIN, PASSWORD);
            home.webAdmin().ensureUser(SECRETARIAT, PASSWORD);
            for (int i = 0; i < MESSAGES; i++) {
                sent.add(RestartDurabilityTest.send(home, SECRETARIAT, MEDECIN, "compte rendu " + i));
            }
            assertThat(RestartDurabilityTest.awaitMessageIds(home, MEDECIN, sent)).containsAll(sent);

            // The running server may still write to its file (H2 stores asynchronous commits in the background): what a
            // refused compaction must not do is replace the file (a compaction renames a copy over it) or shrink it.
            Object fileWhileRunning = Files.readAttributes(james, BasicFileAttributes.class).fileKey();
            long sizeWhileRunning = Files.size(james);
            Output refused = compact(home);
            assertThat(refused.succeeded).isFalse();
            assertThat(refused.text).contains(
                JAMES + ": not compacted, it is in use by another process; stop the server first. Nothing was changed",
                REGISTRY + ": not compacted, it is in use by another process; stop the server first. Nothing was changed");
            assertThat(Files.readAttributes(james, BasicFileAttributes.class).fileKey()).isEqualTo(fileWhileRunning);
            assertThat(Files.size(james)).isGreaterThanOrEqualTo(sizeWhileRunning);
            assertThat(home.root().resolve("var/store/h2/james.mv.db.tempFile")).doesNotExist();
            child.stop();
        }

        Output compacted = compact(home);
        assertThat(compacted.succeeded).as(compacted.text).isTrue();
        assertThat(compacted.text).contains(JAMES + ": compacting " + james, JAMES + ": compacted ",
            REGISTRY + ": compacting " + home.root().resolve("var/mssante/mssante.mv.db"), REGISTRY + ": compacted ");
        assertThat(home.root().resolve("var/store/h2/james.mv.db.tempFile")).doesNotExist();

        GuiceJamesServer server = MssanteServerMain.start(home.root().toFile());
        try {
            assertThat(home.webAdmin().get("/users").body()).contains(MEDECIN, SECRETARIAT);
            assertThat(RestartDurabilityTest.messageIds(home, MEDECIN)).containsExactlyInAnyOrderElementsOf(sent);
            try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.search(new SubjectTerm("rendu"))).hasSize(MESSAGES);
                assertThat(inbox.getMessage(1).getContent().toString()).startsWith("compte rendu ");
            }
            String another = RestartDurabilityTest.send(home, SECRETARIAT, MEDECIN, "apres compactage");
            assertThat(RestartDurabilityTest.awaitMessageIds(home, MEDECIN, Set.of(another))).contains(another);
        } finally {
            server.stop();
        }
    }

    @Test
    void aDirectoryThatIsNotAServerHomeIsRefused() throws Exception {
        Output output = compact(root);

        assertThat(output.succeeded).isFalse();
        assertThat(output.text).isEqualTo("compact: cannot read the configuration of " + root
            + ": no conf/james-database.properties: not a server working directory\n");
    }

    private record Output(boolean succeeded, String text) {
    }

    private static Output compact(TestHome home) {
        return compact(home.root());
    }

    private static Output compact(Path workingDirectory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean succeeded;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            succeeded = new CompactCommand(workingDirectory, out).run();
        }
        return new Output(succeeded, bytes.toString(StandardCharsets.UTF_8));
    }
}
