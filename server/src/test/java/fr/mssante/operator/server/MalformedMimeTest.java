package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParameterList;
import javax.mail.internet.ParseException;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Broken messages as LPS and mail clients really send them, through submission on real sockets: each one is either
 * refused at DATA with a precise reply, or delivered with every byte the sender wrote, readable and searchable over
 * IMAPS. A 250 followed by a message that never shows up is the failure this test is for.
 */
class MalformedMimeTest {
    static final String DOMAIN = SubmissionAndRefusalsTest.DOMAIN;
    static final String SENDER = SubmissionAndRefusalsTest.SENDER;
    static final String RECIPIENT = SubmissionAndRefusalsTest.RECIPIENT;
    static final String PASSWORD = SubmissionAndRefusalsTest.PASSWORD;

    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;

    @BeforeAll
    static void start() throws Exception {
        home = TestHome.install(root, DOMAIN);
        server = SubmissionAndRefusalsTest.startWithSenderAndRecipient(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Cases by name; each message carries {@code marker(name)} in its body, or in a header when it has no body. */
    static Map<String, byte[]> cases() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("unterminated-multipart", crlf(headers("unterminated-multipart",
            "Content-Type: multipart/mixed; boundary=\"b1\""),
            "--b1", "Content-Type: text/plain", "", marker("unterminated-multipart") + " first part, no closing boundary"));
        cases.put("multipart-without-boundary", crlf(headers("multipart-without-boundary",
            "Content-Type: multipart/mixed"), marker("multipart-without-boundary") + " multipart with no boundary"));
        cases.put("header-line-without-colon", crlf(headers("header-line-without-colon",
            "This line is not a header", "X-After: still a header"), marker("header-line-without-colon")));
        cases.put("invalid-base64", crlf(headers("invalid-base64",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"),
            "!!!not base64***", marker("invalid-base64")));
        cases.put("eight-bit-undeclared", latin1(crlf(headers("eight-bit-undeclared", "X-Note: r\u00e9sum\u00e9 sans MIME"),
            marker("eight-bit-undeclared") + " compte rendu d'hospitalisation, s\u00e9jour termin\u00e9")));
        cases.put("raw-utf8-headers", crlf(List.of("Message-ID: <raw-utf8-headers@test>",
            "Date: Fri, 4 Dec 2026 04:00:00 +0100", "From: H\u00f4pital Nord - DPI <" + SENDER + ">",
            "To: \"Dr M\u00e9decin, cardiologie\" <" + RECIPIENT + ">", "Subject: Compte rendu : s\u00e9jour termin\u00e9 \u2013 \u00e0 revoir",
            "X-MSS-Commentaire: premi\u00e8re consultation"), marker("raw-utf8-headers")));
        cases.put("raw-utf8-attachment-name", crlf(headers("raw-utf8-attachment-name",
            "Content-Type: text/plain; charset=utf-8; name=\"compte-rendu-s\u00e9jour.txt\"",
            "Content-Disposition: attachment; filename=\"compte-rendu-s\u00e9jour.txt\""),
            marker("raw-utf8-attachment-name")));
        cases.put("raw-utf8-address", crlf(headers("raw-utf8-address", "Cc: m\u00e9decin@" + DOMAIN),
            marker("raw-utf8-address")));
        cases.put("raw-utf8-message-id", crlf(List.of("Message-ID: <s\u00e9jour@test>", "From: " + SENDER,
            "To: " + RECIPIENT), marker("raw-utf8-message-id")));
        cases.put("utf8-quoted-printable-body", crlf(headers("utf8-quoted-printable-body",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"),
            marker("utf8-quoted-printable-body") + " s=C3=A9jour termin=C3=A9, =C5=93d=C3=A8me"));
        cases.put("unknown-charset", latin1(crlf(headers("unknown-charset",
            "Content-Type: text/plain; charset=x-no-such-charset"), marker("unknown-charset") + " caract\u00e8res")));
        cases.put("broken-encoded-words", crlf(headers("broken-encoded-words",
            "X-Encoded: =?utf-8?B?@@@@?= =?x-unknown?Q?abc?= =?utf-8?Q?unterminated"), marker("broken-encoded-words")));
        cases.put("bad-dates", crlf(headersWithDate("bad-dates", "Date: sometime yesterday"),
            marker("bad-dates")));
        cases.put("headers-only", ("Message-ID: <headers-only@test>\r\nFrom: " + SENDER + "\r\nTo: " + RECIPIENT
            + "\r\nX-Marker: " + marker("headers-only") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        cases.put("no-headers", crlf(List.of(), marker("no-headers") + " a body and nothing else",
            "second line"));
        cases.put("bare-line-feeds", String.join("\n", headers("bare-line-feeds"))
            .concat("\n\n" + marker("bare-line-feeds") + " lines ending in LF only\nsecond line\n")
            .getBytes(StandardCharsets.US_ASCII));
        cases.put("nul-byte", crlf(headers("nul-byte"), marker("nul-byte") + " before\u0000after"));
        cases.put("long-line", crlf(headers("long-line"), marker("long-line") + " " + "x".repeat(5_000)));
        cases.put("truncated-attached-message", crlf(headers("truncated-attached-message",
            "Content-Type: multipart/mixed; boundary=\"outer\""),
            "--outer", "Content-Type: text/plain", "", marker("truncated-attached-message"),
            "--outer", "Content-Type: message/rfc822", "", "From: someone@else", "Subject: cut here",
            "Content-Type: multipart/alternative; boundary=\"inner\"", "", "--inner", "Content-Type: text/plain", "",
            "the attached message ends here", "--outer--"));
        cases.put("deep-nesting", deeplyNested());
        cases.put("many-headers", manyHeaders());
        return cases;
    }

    /** Replies expected for the cases the server refuses; every other case must get 250. */
    static final Map<String, String> REFUSALS = Map.of(
        "no-headers", "550 5.7.1 The message must have exactly one From header",
        "bare-line-feeds", "500 5.0.0 line delimiter must be CRLF",
        "raw-utf8-address", "554 5.6.7 Header Cc holds 8-bit characters this server cannot keep (an address in it "
            + "is not ASCII; it does not offer SMTPUTF8)",
        "raw-utf8-message-id", "554 5.6.7 Header Message-ID holds 8-bit characters this server cannot keep (no "
            + "encoding can carry them in this field; it does not offer SMTPUTF8)");

    @Test
    void eachBrokenMessageIsRefusedWithAReasonOrStoredWithEveryByteTheSenderWrote() throws Exception {
        Map<String, byte[]> cases = cases();
        Map<String, String> replies = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : cases.entrySet()) {
            replies.put(entry.getKey(), submit(entry.getValue()));
        }
        List<String> accepted = new ArrayList<>();
        replies.forEach((name, reply) -> {
            if (REFUSALS.containsKey(name)) {
                assertThat(reply).as(name).isEqualTo(REFUSALS.get(name));
            } else {
                assertThat(reply).as(name).startsWith("250");
                accepted.add(name);
            }
        });

        Map<String, byte[]> stored = awaitStored(accepted);
        List<String> failures = new ArrayList<>();
        for (String name : accepted) {
            try {
                assertDeliveredIntact(name, cases.get(name), stored.get(name));
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        try (ImapDialog imap = new ImapDialog(home.port(993), RECIPIENT, PASSWORD)) {
            // Header fields re-encoded at reception are found by their text, accents included (SearchableHeaders).
            String rawUtf8Headers = imap.search("HEADER Message-ID \"<raw-utf8-headers@test>\"");
            assertThat(rawUtf8Headers).isNotEmpty();
            assertThat(imap.searchUtf8("SUBJECT", "séjour terminé")).isEqualTo(rawUtf8Headers);
            assertThat(imap.search("SUBJECT \"Compte rendu\"")).isEqualTo(rawUtf8Headers);
            assertThat(imap.searchUtf8("FROM", "Hôpital Nord")).isEqualTo(rawUtf8Headers);
            assertThat(imap.searchUtf8("HEADER X-MSS-Commentaire", "PREMIÈRE")).isEqualTo(rawUtf8Headers);
            String utf8Body = imap.search("HEADER Message-ID \"<utf8-quoted-printable-body@test>\"");
            assertThat(utf8Body).isNotEmpty();
            assertThat(imap.searchUtf8("BODY", "séjour terminé")).isEqualTo(utf8Body);
            assertThat(imap.searchUtf8("BODY", "ŒDÈME")).as("bodies are decoded in their charset: any character").isEqualTo(utf8Body);
            assertThat(imap.clientView()).as("structure and envelope of every message, as a mail client asks")
                .filteredOn(line -> line.startsWith("* ") && line.contains(" FETCH (") && line.contains("BODYSTRUCTURE"))
                .hasSize(accepted.size());
            for (String name : accepted) {
                if (!name.equals("invalid-base64")) { // its marker is inside the broken base64
                    assertThat(imap.search("TEXT " + marker(name))).as("IMAP SEARCH finds " + name).isNotEmpty();
                }
            }
        }
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedWhetherItsSizeIsDeclaredOrNot() throws Exception {
        int limit = 40 * 1024 * 1024;
        try (CapturedLog log = new CapturedLog(new OversizeRefusalFilter());
             SmtpDialog smtp = authenticatedSubmission()) {
            assertThat(smtp.command("MAIL FROM:<" + SENDER + "> SIZE=" + (limit + 1)))
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\n");
            assertThat(log.await(1)).as("one INFO line with the client, not James's ERROR").singleElement()
                .satisfies(refusal -> assertThat(refusal.getLevel()).isEqualTo(Level.INFO))
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("mssante.smtp.refused reason=MESSAGE_TOO_LARGE ip=127.0.0.1 Rejected message from ")
                .contains(String.valueOf(limit + 1));
        }
        StringBuilder body = new StringBuilder(limit + 100_000);
        String line = "x".repeat(998) + "\r\n";
        while (body.length() <= limit) {
            body.append(line);
        }
        byte[] oversize = crlf(headers("oversize"), marker("oversize"), body.toString());
        try (SmtpDialog smtp = authenticatedSubmission()) {
            assertThat(smtp.command("MAIL FROM:<" + SENDER + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("250");
            // James's wording at the end of an undeclared oversize DATA; the code is the one for size (RFC 5321).
            assertThat(smtp.data(oversize)).isEqualTo("552 Quota exceeded\n");
            assertThat(smtp.command("NOOP")).as("the session goes on").startsWith("250");
        }
        try (ImapDialog imap = new ImapDialog(home.port(993), RECIPIENT, PASSWORD)) {
            assertThat(imap.search("TEXT " + marker("oversize"))).as("nothing stored").isEmpty();
        }
    }

    @Test
    void aMessageAppendedOverImapWithRawUtf8HeadersIsKeptServedAndSearchable() throws Exception {
        byte[] message = crlf(List.of("Message-ID: <appended-raw-utf8@test>", "From: Hôpital Nord <" + SENDER + ">",
            "To: " + SENDER, "Subject: Copie envoyée : œdème, séjour"), marker("appended-raw-utf8"));
        try (ImapDialog imap = new ImapDialog(home.port(993), SENDER, PASSWORD)) {
            assertThat(imap.append(message)).matches("t\\d+ OK.*");
            List<byte[]> stored = imap.inboxMessages();
            assertThat(stored).anySatisfy(bytes -> assertThat(bytes).isEqualTo(message));
            assertThat(imap.clientView()).filteredOn(line -> line.contains("BODYSTRUCTURE")).isNotEmpty();
            String uid = imap.search("HEADER Message-ID \"<appended-raw-utf8@test>\"");
            assertThat(uid).isNotEmpty();
            assertThat(imap.searchUtf8("SUBJECT", "séjour")).isEqualTo(uid);
            assertThat(imap.searchUtf8("FROM", "Hôpital")).isEqualTo(uid);
        }
    }

    private static SmtpDialog authenticatedSubmission() throws Exception {
        return SmtpDialog.submission(home.port(587), SENDER, PASSWORD);
    }

    /** One connection per message: the server may rightly close the connection on a message that breaks SMTP itself. */
    private static String submit(byte[] message) throws Exception {
        try (SmtpDialog smtp = authenticatedSubmission()) {
            assertThat(smtp.command("MAIL FROM:<" + SENDER + ">")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<" + RECIPIENT + ">")).startsWith("250");
            return smtp.data(message).trim();
        }
    }

    private static Map<String, byte[]> awaitStored(List<String> names) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, byte[]> found = new LinkedHashMap<>();
        while (true) {
            found.clear();
            try (ImapDialog imap = new ImapDialog(home.port(993), RECIPIENT, PASSWORD)) {
                for (byte[] message : imap.inboxMessages()) {
                    String text = new String(message, StandardCharsets.ISO_8859_1);
                    for (String name : names) {
                        if (text.contains(marker(name))) {
                            assertThat(found).as("two stored copies of " + name).doesNotContainKey(name);
                            found.put(name, message);
                        }
                    }
                }
            }
            if (found.keySet().containsAll(names) || System.nanoTime() > deadline) {
                assertThat(found.keySet()).as("accepted with 250 and stored").containsExactlyInAnyOrderElementsOf(names);
                return found;
            }
            Thread.sleep(250);
        }
    }

    /**
     * The body byte for byte, and every header line the sender wrote: top-level header fields are the only part the
     * server may re-encode (8-bit bytes as RFC 2047 encoded-words), so they are compared decoded.
     */
    private static void assertDeliveredIntact(String name, byte[] sent, byte[] stored) throws Exception {
        assertThat(body(stored)).as(name + ": body").isEqualTo(body(sent));
        List<String> storedHeaders = decodedHeaderLines(stored);
        assertThat(storedHeaders).as(name + ": header lines").containsAll(decodedHeaderLines(sent));
    }

    private static byte[] body(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int separator = text.indexOf("\r\n\r\n");
        return separator < 0 ? new byte[0] : Arrays.copyOfRange(message, separator + 4, message.length);
    }

    /** Header lines unfolded, raw 8-bit bytes read as UTF-8 or else Latin-1, encoded-words decoded. */
    private static List<String> decodedHeaderLines(byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int separator = text.indexOf("\r\n\r\n");
        String section = separator < 0 ? text : text.substring(0, separator);
        List<String> lines = new ArrayList<>();
        for (String line : MimeUtility.unfold(section).split("\r\n")) {
            byte[] raw = line.getBytes(StandardCharsets.ISO_8859_1);
            String decoded = new String(raw, StandardCharsets.UTF_8);
            if (decoded.contains("\uFFFD")) {
                decoded = line;
            }
            lines.add(normalized(decoded));
        }
        return lines;
    }

    /**
     * Content-Type and Content-Disposition as their type and decoded parameters (RFC 2231 or raw), address fields as
     * their decoded display names and addresses (quoted or encoded), others with their encoded-words decoded.
     */
    private static String normalized(String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        try {
            if (name.equals("content-type")) {
                ContentType type = new ContentType(line.substring(colon + 1).trim());
                return name + ": " + type.getBaseType() + parameters(type.getParameterList());
            }
            if (name.equals("content-disposition")) {
                ContentDisposition disposition = new ContentDisposition(line.substring(colon + 1).trim());
                return name + ": " + disposition.getDisposition() + parameters(disposition.getParameterList());
            }
            if (List.of("from", "to", "cc").contains(name)) {
                List<String> addresses = new ArrayList<>();
                for (InternetAddress address : InternetAddress.parseHeader(line.substring(colon + 1).trim(), false)) {
                    addresses.add(address.getPersonal() + " <" + address.getAddress() + ">");
                }
                return name + ": " + addresses;
            }
        } catch (ParseException unparsable) { // AddressException too
            // compared as text
        }
        return decodeWords(line);
    }

    private static String parameters(ParameterList parameters) {
        StringBuilder text = new StringBuilder();
        if (parameters != null) {
            Collections.list(parameters.getNames()).stream().sorted()
                .forEach(parameter -> text.append("; ").append(parameter).append('=').append(parameters.get(parameter)));
        }
        return text.toString();
    }

    private static String decodeWords(String line) {
        try {
            return MimeUtility.decodeText(line);
        } catch (UnsupportedEncodingException unknownCharset) {
            return line;
        }
    }

    static String marker(String name) {
        return "MALFORMED-CASE-" + name.toUpperCase().replace('-', '_');
    }

    private static List<String> headers(String name, String... extra) {
        List<String> lines = new ArrayList<>(headersWithDate(name, "Date: Fri, 4 Dec 2026 04:00:00 +0100"));
        lines.addAll(List.of(extra));
        return lines;
    }

    private static List<String> headersWithDate(String name, String date) {
        return new ArrayList<>(List.of("Message-ID: <" + name + "@test>", date, "From: " + SENDER, "To: " + RECIPIENT,
            "Subject: case " + name));
    }

    private static byte[] crlf(List<String> headers, String... body) {
        StringBuilder message = new StringBuilder();
        headers.forEach(line -> message.append(line).append("\r\n"));
        if (!headers.isEmpty()) {
            message.append("\r\n");
        }
        for (String line : body) {
            message.append(line).append("\r\n");
        }
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deeplyNested() {
        List<String> lines = new ArrayList<>(headers("deep-nesting", "Content-Type: multipart/mixed; boundary=\"n0\""));
        lines.add("");
        int depth = 60;
        for (int i = 1; i <= depth; i++) {
            lines.add("--n" + (i - 1));
            lines.add("Content-Type: multipart/mixed; boundary=\"n" + i + "\"");
            lines.add("");
        }
        lines.add("--n" + depth);
        lines.add("Content-Type: text/plain");
        lines.add("");
        lines.add(marker("deep-nesting"));
        for (int i = depth; i >= 0; i--) {
            lines.add("--n" + i + "--");
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        lines.forEach(line -> message.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        return message.toByteArray();
    }

    private static byte[] manyHeaders() {
        List<String> lines = headers("many-headers");
        for (int i = 0; i < 1_500; i++) {
            lines.add("X-Filler-" + i + ": value " + i);
        }
        return crlf(lines, marker("many-headers"));
    }
}
