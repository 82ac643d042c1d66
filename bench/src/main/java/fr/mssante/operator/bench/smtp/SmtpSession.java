package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP connection kept open for many messages: EHLO, STARTTLS (with a client certificate if the context has one
 * and the server asks), EHLO, then MAIL/RCPT/DATA per message; as an LPS submits ({@link #submission}, AUTH PLAIN)
 * or as another operator's MTA relays ({@link #open}). A raw client so the load generator spends little CPU next to
 * the server it measures.
 */
public final class SmtpSession implements AutoCloseable {
    private static final SSLContext TLS = AnyServerCertificate.tlsContext();

    private Socket socket;
    private SSLSocket tls;
    private SmtpWire wire;

    private SmtpSession(Socket socket) throws IOException {
        attach(socket);
    }

    /** A new TCP connection to the loopback {@code port}, EHLO, STARTTLS with a full handshake, EHLO again. */
    public static SmtpSession open(int port, String heloName, SSLContext context) throws IOException {
        SmtpSession session = new SmtpSession(new Socket("127.0.0.1", port));
        try {
            SmtpWire.expect("220", session.wire.readReply(), "greeting");
            SmtpWire.expect("250", session.wire.command("EHLO " + heloName), "EHLO");
            SmtpWire.expect("220", session.wire.command("STARTTLS"), "STARTTLS");
            session.tls = (SSLSocket) context.getSocketFactory().createSocket(session.socket, "127.0.0.1", port, true);
            session.tls.startHandshake();
            session.attach(session.tls);
            SmtpWire.expect("250", session.wire.command("EHLO " + heloName), "EHLO after STARTTLS");
            return session;
        } catch (IOException | RuntimeException e) {
            session.socket.close();
            throw e;
        }
    }

    static SmtpSession submission(int port, String user, String password) throws IOException {
        SmtpSession session = open(port, "bench.mssante.test", TLS);
        String credentials = Base64.getEncoder().encodeToString(
            ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        try {
            SmtpWire.expect("235", session.wire.command("AUTH PLAIN " + credentials), "AUTH PLAIN");
        } catch (IOException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** Sends one message; returns when the server answered "250" to the final dot (the mail is accepted). */
    public void send(String from, String to, BenchMessage message) throws IOException {
        wire.send(from, to, message::writeTo);
    }

    /** MAIL FROM then RSET: the server's answer to the sender alone (2xx or 5xx), nothing is sent. */
    public String mailFrom(String from) throws IOException {
        String reply = wire.command("MAIL FROM:<" + from + ">");
        if (!reply.startsWith("2") && !reply.startsWith("5")) {
            throw new IOException("SMTP MAIL FROM " + from + ": " + reply.strip());
        }
        SmtpWire.expect("250", wire.command("RSET"), "RSET");
        return reply.strip();
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.wire = SmtpWire.over(socket);
    }

    /**
     * QUIT, then the TLS session is invalidated so the next connection cannot resume it: every new connection pays
     * a full handshake (with the server's certificate request and chain check, on an operator's port 25).
     */
    @Override
    public void close() throws IOException {
        try {
            wire.command("QUIT");
        } catch (IOException alreadyGone) {
            // closing anyway
        } finally {
            if (tls != null) {
                tls.getSession().invalidate();
            }
            socket.close();
        }
    }
}
