package fr.mssante.operator.trust.tls;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private boolean inData;

    RecipientDomainCheck(OutputStream out, SSLSocket socket, String host, Supplier<ListeBlanche> listeBlanche,
                         LocalReplies replies) {
        super(out);
        this.socket = socket;
        this.host = host;
        this.listeBlanche = listeBlanche;
        this.replies = replies;
    }

    @Override
    public void write(int b) throws IOException {
        line.write(b);
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
        line.writeTo(out);
        line.reset();
        out.flush();
    }

    private void completeLine() throws IOException {
        String text = line.toString(StandardCharsets.US_ASCII).trim();
        if (inData) {
            inData = !text.equals(".");
        } else if (text.regionMatches(true, 0, "RCPT TO:", 0, 8)) {
            String refusal = refusal(text);
            if (refusal != null) {
                line.reset();
                replies.add("550 5.7.1 " + refusal + "\r\n");
                return;
            }
        } else if (text.equalsIgnoreCase("DATA")) {
            inData = true;
        }
        line.writeTo(out);
        line.reset();
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
