package fr.mssante.operator.james.audit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply split into what the audit keeps: the 3-digit code, the RFC 3463 enhanced status code when the
 * text starts with one, and the rest of the text.
 */
public record SmtpReply(String code, String enhancedStatusCode, String text) {

    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s+|$)(.*)$", Pattern.DOTALL);
    private static final Pattern CODED_LINE = Pattern.compile("^([2-5]\\d\\d)(?:[ -]|$)(.*)$", Pattern.DOTALL);

    /** A reply whose code is known apart from its text (James's SMTP responses, hook results). */
    public static SmtpReply of(String code, String description) {
        String text = description == null ? "" : description.trim();
        Matcher enhanced = ENHANCED.matcher(text);
        if (enhanced.matches()) {
            return new SmtpReply(code, enhanced.group(1), enhanced.group(2).trim());
        }
        return new SmtpReply(code, null, text);
    }

    /**
     * A free text that may start with a reply, such as a bounce reason ({@code 550 5.1.1 No such mailbox here})
     * or a remote server's answer quoted in a delivery error.
     */
    public static Optional<SmtpReply> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher coded = CODED_LINE.matcher(text.trim());
        if (!coded.matches()) {
            return Optional.empty();
        }
        return Optional.of(of(coded.group(1), coded.group(2)));
    }
}
