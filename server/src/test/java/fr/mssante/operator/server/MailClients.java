package fr.mssante.operator.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.activation.CommandMap;
import jakarta.activation.MailcapCommandMap;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/** Jakarta Mail clients as an LPS would use them: submission with STARTTLS + AUTH, IMAP over implicit TLS. */
final class MailClients {
    static {
        // James's javax.mail 1.6.2 shares this JVM; its META-INF/mailcap names javax handlers that Jakarta
        // Activation would otherwise pick for text parts. Programmatic entries take precedence.
        MailcapCommandMap commands = new MailcapCommandMap();
        commands.addMailcap("text/plain;; x-java-content-handler=org.eclipse.angus.mail.handlers.text_plain");
        commands.addMailcap("text/html;; x-java-content-handler=org.eclipse.angus.mail.handlers.text_html");
        commands.addMailcap("text/xml;; x-java-content-handler=org.eclipse.angus.mail.handlers.text_xml");
        commands.addMailcap("multipart/*;; x-java-content-handler=org.eclipse.angus.mail.handlers.multipart_mixed; x-java-fallback-entry=true");
        commands.addMailcap("message/rfc822;; x-java-content-handler=org.eclipse.angus.mail.handlers.message_rfc822");
        CommandMap.setDefaultCommandMap(commands);
    }

    private MailClients() {
    }

    static Session submissionSession(int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        // The test hierarchy is not in the JDK trust store; certificate trust is the truststore module's subject.
        properties.put("mail.smtp.ssl.trust", "*");
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        return Session.getInstance(properties);
    }

    static void submit(int port, String user, String password, MimeMessage message) throws Exception {
        try (Transport transport = submissionSession(port).getTransport("smtp")) {
            transport.connect("127.0.0.1", port, user, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    static Store imaps(int port, String user, String password) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.trust", "*");
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "30000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("127.0.0.1", port, user, password);
        return store;
    }

    interface MessageMatcher {
        boolean matches(Message message) throws Exception;
    }

    /**
     * Polls the INBOX of {@code user} until a message matches, and returns a detached copy of it. A failed read is
     * retried (James's JPA mailbox can announce a message appended during SELECT before it can FETCH it).
     */
    static MimeMessage awaitMessage(int port, String user, String password, MessageMatcher matcher) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Store store = imaps(port, user, password)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message candidate : inbox.getMessages()) {
                    if (matcher.matches(candidate)) {
                        MimeMessage copy = new MimeMessage((MimeMessage) candidate);
                        inbox.close(false);
                        return copy;
                    }
                }
                inbox.close(false);
            } catch (jakarta.mail.MessagingException deliveredWhileSelecting) {
                // look again, as a mail client would
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected message not in the INBOX of " + user + " within 60 s");
    }

    static MessageMatcher withMessageId(String messageId) {
        return message -> {
            String[] ids = message.getHeader("Message-ID");
            return ids != null && ids[0].equals(messageId);
        };
    }

    /** The whole message as it travels, for checks on raw content (DSN parts, encoded bodies). */
    static String raw(Message message) throws Exception {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        message.writeTo(raw);
        return raw.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Message-IDs of the INBOX, in order, duplicates kept. Retried like a mail client would when James's JPA
     * mailbox announces a message appended during SELECT before it can FETCH it ("Invalid messageset").
     */
    static List<String> inboxMessageIds(int port, String user, String password) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return readInboxMessageIds(port, user, password);
            } catch (jakarta.mail.MessagingException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<String> readInboxMessageIds(int port, String user, String password) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Store store = imaps(port, user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            FetchProfile profile = new FetchProfile();
            profile.add("Message-ID");
            Message[] messages = inbox.getMessages();
            inbox.fetch(messages, profile);
            for (Message message : messages) {
                String[] header = message.getHeader("Message-ID");
                if (header != null) {
                    ids.add(header[0]);
                }
            }
            inbox.close(false);
        }
        return ids;
    }
}
