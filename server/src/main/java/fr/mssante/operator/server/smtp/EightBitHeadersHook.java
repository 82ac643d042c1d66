package fr.mssante.operator.server.smtp;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParameterList;
import javax.mail.internet.ParseException;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.server.HeaderBytes;

/**
 * Keeps the raw 8-bit characters of a message's top-level header fields, which James would turn into '?': it writes
 * header fields to the spool and to the mailbox as US-ASCII. Such bytes break RFC 5322 without SMTPUTF8 (which this
 * server does not offer), yet software sends them: French subjects and display names in raw UTF-8 or Latin-1.
 * <p>
 * At DATA, each such field is re-encoded as a careful client would have written it: RFC 2047 encoded-words in
 * unstructured fields and in display names, RFC 2231 in Content-Type and Content-Disposition parameters. Raw bytes are
 * read as UTF-8 when they are valid UTF-8, else as windows-1252. Where no encoding can carry them (an address, a
 * Message-ID, a date) the message is refused with {@code 554 5.6.7} naming the field: the sender still holds it.
 * Header fields in pure ASCII, and the body with its MIME parts, are left byte for byte as received.
 */
public class EightBitHeadersHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(EightBitHeadersHook.class);
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc",
        "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-bcc", "disposition-notification-to",
        "return-receipt-to");
    /** Structured fields with no encoding for 8-bit text; any other field is treated as unstructured text. */
    private static final Set<String> UNENCODABLE_FIELDS = Set.of("date", "resent-date", "message-id",
        "resent-message-id", "in-reply-to", "references", "received", "return-path", "mime-version",
        "content-transfer-encoding", "content-id", "content-md5", "content-location", "content-language",
        "dkim-signature", "authentication-results", "arc-seal", "arc-message-signature",
        "arc-authentication-results");

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            MimeMessage message = mail.getMessage();
            List<String> lines = Collections.list(message.getAllHeaderLines());
            if (lines.stream().allMatch(EightBitHeadersHook::isAscii)) {
                return HookResult.DECLINED;
            }
            List<String> encoded = new ArrayList<>(lines.size());
            List<String> fields = new ArrayList<>();
            for (String line : lines) {
                if (isAscii(line)) {
                    encoded.add(line);
                } else {
                    String field = encode(line);
                    encoded.add(field);
                    fields.add(nameOf(line));
                }
            }
            replaceHeaders(message, lines, encoded);
            LOGGER.info("mssante.smtp.header.encoded session={} mail={} fields={}: raw 8-bit characters re-encoded"
                + " (RFC 2047/2231)", session.getSessionID(), mail.getName(), fields);
            return HookResult.DECLINED;
        } catch (Unencodable e) {
            LOGGER.info("mssante.smtp.header.refused session={} mail={} reason=EIGHT_BIT_HEADER {}",
                session.getSessionID(), mail.getName(), e.getMessage());
            return refused(e.getMessage());
        } catch (MessagingException e) {
            return refused("Unreadable message header: " + e.getMessage());
        }
    }

    private static HookResult refused(String why) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("554")
            .smtpDescription("5.6.7 " + why)
            .build();
    }

    /** Removes every field, then adds them back in their order: Jakarta Mail cannot replace a field in place. */
    private static void replaceHeaders(MimeMessage message, List<String> lines, List<String> encoded) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        lines.forEach(line -> names.add(nameOf(line)));
        for (String name : names) {
            message.removeHeader(name);
        }
        for (String line : encoded) {
            message.addHeaderLine(line);
        }
    }

    static String encode(String line) throws Unencodable {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new Unencodable("A header line without a field name holds 8-bit characters this server cannot keep"
                + " (it does not offer SMTPUTF8)");
        }
        String name = line.substring(0, colon).trim();
        String text = decode(MimeUtility.unfold(line.substring(colon + 1)).trim());
        String lowerCaseName = name.toLowerCase(Locale.ROOT);
        String value;
        if (ADDRESS_FIELDS.contains(lowerCaseName)) {
            value = addresses(name, text);
        } else if (lowerCaseName.equals("content-type")) {
            value = contentType(name, text);
        } else if (lowerCaseName.equals("content-disposition")) {
            value = contentDisposition(name, text);
        } else if (UNENCODABLE_FIELDS.contains(lowerCaseName)) {
            throw unencodable(name, "no encoding can carry them in this field");
        } else {
            value = MimeUtility.fold(name.length() + 2, encodeText(text));
        }
        String field = name + ": " + value;
        if (!isAscii(field)) {
            throw unencodable(name, "they could not be encoded");
        }
        return field;
    }

    private static String addresses(String name, String text) throws Unencodable {
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(text, false);
        } catch (AddressException e) {
            throw unencodable(name, "the field cannot be read as addresses (" + e.getMessage() + ")");
        }
        for (InternetAddress address : addresses) {
            if (!isAscii(address.getAddress())) {
                throw unencodable(name, "an address in it is not ASCII");
            }
            String personal = address.getPersonal();
            if (personal != null && !isAscii(personal)) {
                try {
                    address.setPersonal(personal, "UTF-8");
                } catch (UnsupportedEncodingException e) {
                    throw new IllegalStateException("UTF-8 is always supported", e);
                }
            }
        }
        return InternetAddress.toString(addresses, name.length() + 2);
    }

    private static String contentType(String name, String text) throws Unencodable {
        try {
            ContentType type = new ContentType(text);
            type.setParameterList(encodeParameters(type.getParameterList()));
            return type.toString();
        } catch (ParseException e) {
            throw unencodable(name, "the field cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private static String contentDisposition(String name, String text) throws Unencodable {
        try {
            ContentDisposition disposition = new ContentDisposition(text);
            disposition.setParameterList(encodeParameters(disposition.getParameterList()));
            return disposition.toString();
        } catch (ParseException e) {
            throw unencodable(name, "the field cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private static ParameterList encodeParameters(ParameterList parameters) {
        ParameterList encoded = new ParameterList();
        if (parameters != null) {
            for (String parameter : Collections.list(parameters.getNames())) {
                String value = parameters.get(parameter);
                if (isAscii(value)) {
                    encoded.set(parameter, value);
                } else {
                    encoded.set(parameter, value, "UTF-8");
                }
            }
        }
        return encoded;
    }

    private static String encodeText(String text) {
        try {
            return MimeUtility.encodeText(text, "UTF-8", null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The field's raw bytes (one char per byte as Jakarta Mail reads them) as text. */
    static String decode(String raw) {
        if (raw.chars().anyMatch(c -> c > 0xFF)) {
            return raw;
        }
        return HeaderBytes.asText(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String nameOf(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).trim();
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static Unencodable unencodable(String field, String why) {
        return new Unencodable("Header " + field + " holds 8-bit characters this server cannot keep (" + why
            + "; it does not offer SMTPUTF8)");
    }

    static final class Unencodable extends Exception {
        Unencodable(String message) {
            super(message);
        }
    }
}
