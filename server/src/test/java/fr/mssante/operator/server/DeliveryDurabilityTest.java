package fr.mssante.operator.server;

import static fr.mssante.operator.server.RestartDurabilityTest.MEDECIN;
import static fr.mssante.operator.server.RestartDurabilityTest.PASSWORD;
import static fr.mssante.operator.server.RestartDurabilityTest.SECRETARIAT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.h2.DurableH2Driver;
import fr.mssante.operator.server.storage.DeliveryLedger;

/**
 * Which mailbox writes may commit without waiting for the disk: a delivery from the spool (made durable before the
 * spool forgets the mail), never a message an IMAP client is answered OK for, even one that carries a delivery stamp.
 */
class DeliveryDurabilityTest {
    @TempDir
    Path root;

    @Test
    void onlyDeliveriesFromTheSpoolCommitWithoutWaiting() throws Exception {
        TestHome home = TestHome.install(root, RestartDurabilityTest.DOMAIN);
        GuiceJamesServer server = MssanteServerMain.start(home.root().toFile());
        // Same JVM: this connection shares the server's database, and so its counters.
        try (Connection database = new DurableH2Driver().connect("jdbc:h2:file:"
            + home.root().resolve("var/store/h2/james") + ";NON_KEYWORDS=VALUE", new Properties())) {
            home.webAdmin().ensureDomain(RestartDurabilityTest.DOMAIN);
            home.webAdmin().ensureUser(MEDECIN, PASSWORD);
            home.webAdmin().ensureUser(SECRETARIAT, PASSWORD);
            long before = DurableH2Driver.asynchronousCommits(database);

            String delivered = RestartDurabilityTest.send(home, SECRETARIAT, MEDECIN, "livraison");
            RestartDurabilityTest.awaitMessageIds(home, MEDECIN, Set.of(delivered));
            long afterDelivery = DurableH2Driver.asynchronousCommits(database);
            assertThat(afterDelivery).as("the delivery's commit did not wait").isGreaterThan(before);

            try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                MimeMessage copy = new MimeMessage(Session.getInstance(new Properties()));
                copy.setFrom(new InternetAddress(SECRETARIAT));
                copy.setRecipient(Message.RecipientType.TO, new InternetAddress(MEDECIN));
                copy.setSubject("copie d'un message livre");
                copy.setHeader(DeliveryLedger.HEADER, "a-delivery-id-copied-by-a-client");
                copy.setText("copie\r\n");
                copy.saveChanges();
                inbox.appendMessages(new Message[] {copy});
                // What a crash now would leave: the file as it is the moment APPEND is answered OK.
                assertThat(messagesInCopyOf(home.root().resolve("var/store/h2/james.mv.db")))
                    .as("the appended message is on disk when APPEND is answered").isEqualTo(2);
                inbox.close(false);
            }
        } finally {
            server.stop();
        }
    }

    private long messagesInCopyOf(Path file) throws Exception {
        Path copy = root.resolve("copy.mv.db");
        Files.copy(file, copy);
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + root.resolve("copy"), new Properties());
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM JAMES_MAIL")) {
            count.next();
            return count.getLong(1);
        }
    }
}
