package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import jakarta.mail.Folder;
import jakarta.mail.Store;

import org.apache.james.GuiceJamesServer;
import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.utils.GuiceProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.multibindings.Multibinder;

import fr.mssante.operator.server.delivery.DeliverOnce;
import fr.mssante.operator.server.storage.DeliveryLedger;

/**
 * The spool hands a mail over again when the server was killed after storing it but before acknowledging it (the
 * crash test sees it happen). Here that redelivery is made on purpose: the same mail, under the same name, put back in
 * the spool. Recipients that already hold it are skipped; the others, and mail with other names, are delivered.
 */
class DeliverOnceTest {
    static final String DOMAIN = "once.mssante.test";
    static final String SENDER = "lps@" + DOMAIN;
    static final String MEDECIN = "medecin@" + DOMAIN;
    static final String SECRETARIAT = "secretariat@" + DOMAIN;
    static final String CARDIOLOGIE = "cardiologie@" + DOMAIN;
    static final String PASSWORD = "once-password";

    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;

    /** Puts mail straight into the spool, as the SMTP server does, under the name the test chooses. */
    public static class SpoolProbe implements GuiceProbe {
        private final MailQueueFactory<?> queues;

        @Inject
        public SpoolProbe(MailQueueFactory<?> queues) {
            this.queues = queues;
        }

        void enqueue(String name, MimeMessage message, String... recipients) throws Exception {
            MailImpl.Builder mail = MailImpl.builder().name(name).sender(new MailAddress(SENDER)).mimeMessage(message);
            for (String recipient : recipients) {
                mail.addRecipient(new MailAddress(recipient));
            }
            MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow();
            MailImpl built = mail.build();
            try {
                spool.enQueue(built);
            } finally {
                built.dispose(); // the spool keeps its own copy
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        home = TestHome.install(root, DOMAIN);
        server = MssanteServer.create(Configuration.builder().workingDirectory(home.root().toFile()).build())
            .overrideWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(SpoolProbe.class));
        server.start();
        home.webAdmin().ensureDomain(DOMAIN);
        for (String user : List.of(SENDER, MEDECIN, SECRETARIAT, CARDIOLOGIE)) {
            home.webAdmin().ensureUser(user, PASSWORD);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aMailHandedOverAgainIsStoredOnlyForRecipientsThatDoNotHoldItYet() throws Exception {
        SpoolProbe spool = server.getProbe(SpoolProbe.class);
        String name = "Mail1764800000000-7f1c2d3e-0000-4000-8000-00000000d0ce";

        spool.enqueue(name, message("compte rendu", "forged-by-the-sender"), MEDECIN);
        awaitInbox(MEDECIN, 1);

        // The same mail again (a crash lost the spool's acknowledgement), now also for the secretariat.
        spool.enqueue(name, message("compte rendu", null), MEDECIN, SECRETARIAT);
        awaitInbox(SECRETARIAT, 1);
        // James splits mail under derived names ("-!" and random digits): still the same mail.
        spool.enqueue(name + "-!1234567", message("compte rendu", null), MEDECIN, CARDIOLOGIE);
        awaitInbox(CARDIOLOGIE, 1);
        assertThat(MailClients.inboxMessageIds(home.port(993), MEDECIN, PASSWORD)).as("stored once for the medecin").hasSize(1);

        // Another mail to the same recipient is delivered.
        spool.enqueue("Mail1764800000001-7f1c2d3e-0000-4000-8000-00000000d0cf", message("autre", null), MEDECIN);
        awaitInbox(MEDECIN, 2);

        assertThat(home.webAdmin().get("/metrics").body()).as("skips are counted for the operator's alerts")
            .containsPattern("(?m)^" + DeliverOnce.SKIPPED_METRIC + "\\S* 2\\.0$");

        try (Store store = MailClients.imaps(home.port(993), MEDECIN, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).getHeader(DeliveryLedger.HEADER))
                .as("the stamp is the server's, not the sender's").containsExactly(name);
        }
    }

    private static MimeMessage message(String subject, String forgedStamp) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(MEDECIN));
        message.setSubject(subject);
        message.setText("examen du patient\r\n");
        if (forgedStamp != null) {
            message.setHeader(DeliveryLedger.HEADER, forgedStamp);
        }
        message.saveChanges();
        return message;
    }

    private static void awaitInbox(String user, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (MailClients.inboxMessageIds(home.port(993), user, PASSWORD).size() < count) {
            assertThat(System.nanoTime()).as(user + " holds " + count + " messages").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
