package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The store's shortcuts seen from a mail client: UIDs and mod-sequences reserved by blocks, the search index fed
 * from the append, quota maximums and current usage served from memory, folders renamed and deleted.
 */
class MailboxStoreTest {
    static final String DOMAIN = "store.mssante.test";
    static final String SENDER = "lps@" + DOMAIN;
    static final String APP = "dpi@" + DOMAIN;
    static final String PASSWORD = "store-password";

    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;

    @BeforeAll
    static void start() throws Exception {
        home = TestHome.install(root, DOMAIN);
        server = MssanteServerMain.start(home.root().toFile());
        home.webAdmin().ensureDomain(DOMAIN);
        home.webAdmin().ensureUser(SENDER, PASSWORD);
        home.webAdmin().ensureUser(APP, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void uidNextMovesByOnePerDeliveryAndUidsAndModSequencesGrow() throws Exception {
        String recipient = "uids@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        sendAndAwait(recipient, "uid one", "premier");

        try (Store store = MailClients.imaps(home.port(993), recipient, PASSWORD)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            long firstUid = inbox.getUID(inbox.getMessage(1));
            long uidNext = inbox.getUIDNext();
            long modSeq = inbox.getHighestModSeq();
            assertThat(uidNext).as("UIDNEXT follows the last UID, not the reserved block").isEqualTo(firstUid + 1);
            inbox.close(false);

            sendAndAwait(recipient, "uid two", "second");
            inbox.open(Folder.READ_WRITE);
            Message second = inbox.getMessage(2);
            assertThat(inbox.getUID(second)).isEqualTo(uidNext);
            assertThat(inbox.getUIDNext()).isEqualTo(uidNext + 1);
            assertThat(inbox.getHighestModSeq()).isGreaterThan(modSeq);

            long beforeFlag = inbox.getHighestModSeq();
            second.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
            inbox.close(false);
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getHighestModSeq()).as("a flag change takes a new mod-sequence").isGreaterThan(beforeFlag);
            assertThat(((UIDFolder) inbox).getUIDNext()).as("flags do not move UIDNEXT").isEqualTo(uidNext + 1);
            inbox.close(false);
        }
    }

    @Test
    void deliveredAndCopiedMessagesAreFoundByImapSearch() throws Exception {
        sendAndAwait(APP, "CR hospitalisation", "Patient revu en consultation de cardiologie, echographie normale.");

        try (Store store = MailClients.imaps(home.port(993), APP, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.search(new BodyTerm("echographie"))).hasSize(1);
            assertThat(inbox.search(new BodyTerm("consultation de cardiologie"))).as("words in a row").hasSize(1);
            assertThat(inbox.search(new BodyTerm("radiographie"))).isEmpty();

            Folder archives = store.getFolder("Archives");
            archives.create(Folder.HOLDS_MESSAGES);
            inbox.copyMessages(inbox.search(new SubjectTerm("CR hospitalisation")), archives);
            archives.open(Folder.READ_ONLY);
            assertThat(archives.search(new BodyTerm("echographie"))).as("a copy is read back to be indexed").hasSize(1);
            archives.close(false);
            inbox.close(false);
        }
    }

    /** A search, and a flag just set, see an appended message at once: the guard for any change to when mail is indexed. */
    @Test
    void anAppendedMessageAndItsNewFlagsAreFoundBySearchAtOnce() throws Exception {
        String recipient = "search-at-once@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);

        try (Store store = MailClients.imaps(home.port(993), recipient, PASSWORD)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Flags flagged = new Flags(Flags.Flag.FLAGGED);
            for (int i = 0; i < 30; i++) {
                String word = "dossier" + i + "patient";
                inbox.appendUIDMessages(new Message[] {message("compte rendu " + i, "Compte rendu du " + word + ".")});

                Message[] found = inbox.search(new BodyTerm(word));
                assertThat(found).as("message %d found right after its APPEND", i).hasSize(1);
                inbox.setFlags(found, flagged, true);
                assertThat(inbox.search(new AndTerm(new BodyTerm(word), new FlagTerm(flagged, true))))
                    .as("message %d found by the flag just set", i).hasSize(1);
            }
            assertThat(inbox.search(new FlagTerm(flagged, false))).as("no message left unflagged").isEmpty();
            inbox.close(false);
        }
    }

    /** A SELECT clears \Recent on every message, a STORE changes many at once: each is one batch for the index. */
    @Test
    void flagChangesOnManyMessagesAreFoundBySearchAtOnce() throws Exception {
        String recipient = "many-flags@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        Flags seen = new Flags(Flags.Flag.SEEN);
        Flags recent = new Flags(Flags.Flag.RECENT);
        Flags transmitted = new Flags("$Transmis");

        try (Store store = MailClients.imaps(home.port(993), recipient, PASSWORD)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] appended = new Message[40];
            for (int i = 0; i < appended.length; i++) {
                appended[i] = message("resultat " + i, "Resultat de biologie numero " + i + ".");
            }
            inbox.appendUIDMessages(appended);
            assertThat(inbox.search(new FlagTerm(recent, true))).as("recent before any SELECT").hasSize(40);
            inbox.close(false);

            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.search(new FlagTerm(recent, true))).as("the SELECT cleared \\Recent").isEmpty();
            List<Message> odd = new ArrayList<>();
            for (int n = 1; n <= 40; n += 2) {
                odd.add(inbox.getMessage(n));
            }
            inbox.setFlags(odd.toArray(Message[]::new), seen, true);
            inbox.setFlags(odd.toArray(Message[]::new), transmitted, true);
            inbox.setFlags(new Message[] {inbox.getMessage(1), inbox.getMessage(3)}, seen, false);

            assertThat(numbers(inbox.search(new FlagTerm(seen, true)))).hasSize(18).allMatch(n -> n % 2 == 1 && n > 3);
            assertThat(numbers(inbox.search(new FlagTerm(seen, false)))).hasSize(22).contains(1, 2, 3, 40);
            assertThat(numbers(inbox.search(new FlagTerm(transmitted, true)))).hasSize(20).allMatch(n -> n % 2 == 1);
            assertThat(inbox.search(new AndTerm(new BodyTerm("biologie"), new FlagTerm(transmitted, false)))).hasSize(20);
            inbox.close(false);
        }
    }

    /**
     * The first SELECT after mail arrived clears \Recent in SQL (RecentFlags), behind the back of the entities the
     * session has loaded: its next SELECT and FETCH must not see \Recent again, and the other flags stay.
     */
    @Test
    void theFirstSelectClearsRecentOnceAndKeepsTheOtherFlags() throws Exception {
        String recipient = "recent-once@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        Flags recent = new Flags(Flags.Flag.RECENT);
        Flags urgent = new Flags("$Urgent");
        Flags flagged = new Flags(Flags.Flag.FLAGGED);

        try (Store reader = MailClients.imaps(home.port(993), recipient, PASSWORD);
             Store writer = MailClients.imaps(home.port(993), recipient, PASSWORD)) {
            Message[] appended = new Message[6];
            for (int i = 0; i < appended.length; i++) {
                MimeMessage message = message("ordonnance " + i, "Ordonnance numero " + i + ".");
                message.setFlags(i % 2 == 0 ? urgent : flagged, true);
                appended[i] = message;
            }
            ((IMAPFolder) writer.getFolder("INBOX")).appendUIDMessages(appended);
            IMAPFolder inbox = (IMAPFolder) reader.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getNewMessageCount()).as("RECENT of an EXAMINE").isEqualTo(6);
            for (Message message : inbox.getMessages()) {
                assertThat(message.getFlags().contains(Flags.Flag.RECENT)).isTrue();
            }
            inbox.close(false);

            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getNewMessageCount()).as("RECENT of the first SELECT").isEqualTo(6);
            inbox.close(false);

            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getNewMessageCount()).as("RECENT of the next SELECT").isZero();
            for (Message message : inbox.getMessages()) {
                Flags expected = message.getMessageNumber() % 2 == 1 ? urgent : flagged;
                assertThat(message.getFlags()).as("message %d", message.getMessageNumber()).isEqualTo(expected);
            }
            assertThat(inbox.search(new FlagTerm(recent, true))).isEmpty();
            assertThat(numbers(inbox.search(new FlagTerm(urgent, true)))).containsExactly(1, 3, 5);
            assertThat(numbers(inbox.search(new AndTerm(new BodyTerm("ordonnance"), new FlagTerm(flagged, true)))))
                .containsExactly(2, 4, 6);
            inbox.close(false);

            IMAPFolder seenByAnother = (IMAPFolder) writer.getFolder("INBOX");
            seenByAnother.open(Folder.READ_ONLY);
            assertThat(seenByAnother.getNewMessageCount()).as("RECENT for another session").isZero();
            seenByAnother.close(false);
        }
    }

    private static List<Integer> numbers(Message[] messages) {
        return Arrays.stream(messages).map(Message::getMessageNumber).toList();
    }

    @Test
    void aQuotaLoweredAfterDeliveriesAppliesToTheNextMail() throws Exception {
        String recipient = "quota@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        sendAndAwait(recipient, "avant quota", "x".repeat(3000));
        assertThat(home.webAdmin().get("/quota/users/" + recipient).body()).contains("\"count\":1");

        assertThat(home.webAdmin().put("/quota/users/" + recipient + "/count", "1").statusCode()).isEqualTo(204);
        send(recipient, "apres quota", "y".repeat(3000));
        MimeMessage bounce = MailClients.awaitMessage(home.port(993), SENDER, PASSWORD,
            message -> message.getSubject() != null && message.getSubject().contains("apres quota")
                && !message.getSubject().equals("apres quota"));
        assertThat(MailClients.raw(bounce)).contains("5.2.2");
        // The refused mail is kept in the over-quota repository (SyncedFileMailRepository, from conf/).
        assertThat(awaitRepositorySize("var%2Fmail%2Fover-quota%2F", 1)).contains("\"size\":1");

        assertThat(home.webAdmin().delete("/quota/users/" + recipient + "/count").statusCode()).isEqualTo(204);
        sendAndAwait(recipient, "quota leve", "z");
        assertThat(home.webAdmin().get("/quota/users/" + recipient).body()).contains("\"count\":2");
    }

    @Test
    void aFolderRenamedThenDeletedOverImapIsSeenAtOnce() throws Exception {
        String recipient = "dossiers@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        sendAndAwait(recipient, "CR a classer", "compte rendu de consultation");

        try (Store store = MailClients.imaps(home.port(993), recipient, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Folder toFile = store.getFolder("A classer");
            toFile.create(Folder.HOLDS_MESSAGES);
            inbox.copyMessages(inbox.getMessages(), toFile);
            inbox.close(false);
            toFile.open(Folder.READ_ONLY);
            assertThat(toFile.getMessageCount()).as("selected, so found by name before the rename").isEqualTo(1);
            toFile.close(false);

            Folder filed = store.getFolder("Classes");
            assertThat(toFile.renameTo(filed)).isTrue();

            filed.open(Folder.READ_ONLY);
            assertThat(filed.getMessage(1).getSubject()).isEqualTo("CR a classer");
            filed.close(false);
            assertThatThrownBy(() -> store.getFolder("A classer").open(Folder.READ_ONLY)).as("the old name is gone")
                .isInstanceOf(MessagingException.class);

            assertThat(filed.delete(true)).isTrue();
            assertThatThrownBy(() -> store.getFolder("Classes").open(Folder.READ_ONLY)).as("deleted")
                .isInstanceOf(MessagingException.class);
            Folder recreated = store.getFolder("Classes");
            recreated.create(Folder.HOLDS_MESSAGES);
            recreated.open(Folder.READ_ONLY);
            assertThat(recreated.getMessageCount()).as("a new, empty mailbox under the old name").isZero();
            recreated.close(false);
        }
    }

    @Test
    void mailForARecipientWhoseMailboxesWereDeletedGoesToANewInbox() throws Exception {
        String recipient = "recree@" + DOMAIN;
        home.webAdmin().ensureUser(recipient, PASSWORD);
        sendAndAwait(recipient, "Avant suppression", "premier envoi");

        assertThat(home.webAdmin().delete("/users/" + recipient + "/mailboxes").statusCode()).isEqualTo(204);
        sendAndAwait(recipient, "Apres suppression", "second envoi");
        assertThat(MailClients.inboxMessageIds(home.port(993), recipient, PASSWORD))
            .as("a new INBOX, not the deleted one found again by its path").hasSize(1);
    }

    @Test
    void anAbsentRecipientAnswersEachCorrespondentOnceAndAChangedAbsenceIsSeenAtOnce() throws Exception {
        String absent = "absent@" + DOMAIN;
        home.webAdmin().ensureUser(absent, PASSWORD);
        assertThat(home.webAdmin().post("/vacation/" + absent,
            "{\"enabled\":true,\"subject\":\"Absent du service\",\"textBody\":\"De retour lundi.\"}").statusCode())
            .isEqualTo(204);

        send(absent, "Premier envoi", "premier");
        MailClients.awaitMessage(home.port(993), SENDER, PASSWORD, subject("Absent du service"));
        sendAndAwait(absent, "Second envoi", "second");

        assertThat(home.webAdmin().post("/vacation/" + absent,
            "{\"enabled\":true,\"subject\":\"Toujours absent\",\"textBody\":\"De retour mardi.\"}").statusCode())
            .isEqualTo(204);
        send(absent, "Troisieme envoi", "troisieme");

        MailClients.awaitMessage(home.port(993), SENDER, PASSWORD, subject("Toujours absent"));
        try (Store store = MailClients.imaps(home.port(993), SENDER, PASSWORD)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.search(new SubjectTerm("Absent du service"))).as("one answer for two mails").hasSize(1);
        }
    }

    private static MailClients.MessageMatcher subject(String subject) {
        return message -> subject.equals(message.getSubject());
    }

    /** A one-line text message from the sender, to send or to APPEND. */
    private static MimeMessage message(String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(MailClients.submissionSession(home.port(587)));
        message.setFrom(new InternetAddress(SENDER));
        message.setSubject(subject, "UTF-8");
        message.setText(text + "\r\n", "UTF-8");
        return message;
    }

    /** Sends, then waits until the recipient's INBOX shows the message (an IMAP client's view). */
    private static void sendAndAwait(String to, String subject, String text) throws Exception {
        send(to, subject, text);
        MailClients.awaitMessage(home.port(993), to, PASSWORD, subject(subject));
    }

    private static void send(String to, String subject, String text) throws Exception {
        MimeMessage message = message(subject, text);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.saveChanges();
        MailClients.submit(home.port(587), SENDER, PASSWORD, message);
    }

    /** WebAdmin's view of a mail repository once it holds {@code size} mails (it is written after the bounce). */
    private String awaitRepositorySize(String encodedPath, int size) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String body = "";
        while (System.nanoTime() < deadline) {
            body = home.webAdmin().get("/mailRepositories/" + encodedPath).body();
            if (body.contains("\"size\":" + size)) {
                return body;
            }
            Thread.sleep(200);
        }
        return body;
    }
}
