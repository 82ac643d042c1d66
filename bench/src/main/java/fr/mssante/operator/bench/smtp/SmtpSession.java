package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One submission connection kept open for many messages, as an LPS does: EHLO, STARTTLS, EHLO, AUTH PLAIN, then
 * MAIL/RCPT/DATA per message. A raw client so the load generator spends little CPU next to the server it measures.
 */
final class SmtpSession implements AutoCloseable {
    private static final SSLContext TLS = AnyServerCertificate.tlsContext();

    private Socket socket;
    private SmtpWire wire;

    private SmtpSession(Socket socket) throws IOException {
        attach(socket);
    }

    static SmtpSession submission(int port, String user, String password) throws IOException {
        SmtpSession session = new SmtpSession(new Socket("127.0.0.1", port));
        SmtpWire.expect("220", session.readReply(), "greeting");
        SmtpWire.expect("250", session.command("EHLO bench.mssante.test"), "EHLO");
        SmtpWire.expect("220", session.command("STARTTLS"), "STARTTLS");
        SSLSocket tls = (SSLSocket) TLS.getSocketFactory().createSocket(session.socket, "127.0.0.1", port, true);
        tls.startHandshake();
        session.attach(tls);
        SmtpWire.expect("250", session.command("EHLO bench.mssante.test"), "EHLO after STARTTLS");
        String credentials = Base64.getEncoder().encodeToString(
            ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        SmtpWire.expect("235", session.command("AUTH PLAIN " + credentials), "AUTH PLAIN");
        return session;
    }

    /** Sends one message; returns when the server answered "250" to the final dot (the mail is accepted). */
    void send(String from, String to, BenchMessage message) throws IOException {
        SmtpWire.expect("250", command("MAIL FROM:<" + from + ">"), "MAIL FROM");
        SmtpWire.expect("250", command("RCPT TO:<" + to + ">"), "RCPT TO " + to);
        SmtpWire.expect("354", command("DATA"), "DATA");
        SmtpWire.expect("250", wire.data(message::writeTo), "end of DATA");
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.wire = SmtpWire.over(socket);
    }

    private String command(String line) throws IOException {
        return wire.command(line);
    }

    private String readReply() throws IOException {
        return wire.readReply();
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException alreadyGone) {
            // closing anyway
        } finally {
            socket.close();
        }
    }
}
