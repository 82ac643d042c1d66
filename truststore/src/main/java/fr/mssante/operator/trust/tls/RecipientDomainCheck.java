package fr.mssante.operator.trust.tls;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * The per-recipient-domain half of the outbound check. The socket factory only learns the MX host, so the
 * handshake can only prove "a listed operator naming that host"; the recipient's domain appears later, in
 * {@code RCPT TO}. This stream sits under JavaMail's SMTP client and, before each {@code RCPT TO} leaves, checks
 * that the peer's certificate is listed in the liste blanche for that recipient's domain. Otherwise the command
 * is never sent: the SMTP client reads, instead of the peer's reply, a local
 * {@code 550 5.7.1 ... not listed for recipient domain ...}, a permanent refusal of that recipient alone, which
 * ends in a DSN stating the reason. Message content (between {@code DATA} and the final dot) is not inspected.
 */
final class RecipientDomainCheck extends FilterOutputStream {
    private final SSLSocket socket;
    private final String host;
    private final Supplier<ListeBlanche> listeBlanche;
    private final LocalReplies replies;
    private final SmtpTranscript transcript;
    private byte[] line = new byte[256];
    private int length;

    /** @param listeBlanche null: no recipient is refused, the lines only go to the transcript */
    RecipientDomainCheck(OutputStream out, SSLSocket socket, String host, Supplier<ListeBlanche> listeBlanche,
                         LocalReplies replies, SmtpTranscript transcript) {
        super(out);
        this.socket = socket;
        this.host = host;
        this.listeBlanche = listeBlanche;
        this.replies = replies;
        this.transcript = transcript;
    }

    @Override
    public void write(int b) throws IOException {
        if (length == line.length) {
            line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = (byte) b;
        if (b == '\n') {
            completeLine();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        writeLine();
        out.flush();
    }

    private void completeLine() throws IOException {
        if (transcript.inMessage()) {
            transcript.messageLine(line, length);
            writeLine();
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.US_ASCII).trim();
        if (listeBlanche != null && text.regionMatches(true, 0, "RCPT TO:", 0, 8)) {
            String refusal = refusal(text);
            if (refusal != null) {
                length = 0;
                transcript.answeredLocally(text, 550, "5.7.1 " + refusal);
                replies.add("550 5.7.1 " + refusal + "\r\n");
                return;
            }
        }
        transcript.command(text);
        writeLine();
    }

    private void writeLine() throws IOException {
        out.write(line, 0, length);
        length = 0;
    }

    /** Why the peer may not receive this recipient, or null when its certificate is listed for the domain. */
    private String refusal(String command) throws IOException {
        int at = command.lastIndexOf('@');
        int end = command.indexOf('>', at);
        if (at < 0 || end < 0) {
            return null;
        }
        String domain = command.substring(at + 1, end).toLowerCase(Locale.ROOT);
        X500Principal peer;
        try {
            peer = (X500Principal) socket.getSession().getPeerPrincipal();
        } catch (SSLPeerUnverifiedException e) {
            throw new IOException("MSSante trust space: no verified certificate from " + host, e);
        }
        if (listeBlanche.get().isListed(domain, peer)) {
            return null;
        }
        return "MSSante trust space: certificate '" + peer.getName() + "' of " + host
            + " is not listed for recipient domain " + domain + " in the liste blanche (NOT_LISTED)";
    }
}
