package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import fr.mssante.operator.bench.smtp.SmtpWire;

/**
 * One SMTP connection from operator A to B's port 25, as an MTA relays: EHLO, STARTTLS (client certificate if B
 * asks), EHLO, then MAIL/RCPT/DATA per message. A raw client so the load side spends little CPU.
 */
final class PeerSession implements AutoCloseable {
    private Socket socket;
    private SSLSocket tls;
    private SmtpWire wire;

    private PeerSession(Socket socket) throws IOException {
        attach(socket);
    }

    static PeerSession open(int port, String heloName, SSLContext context) throws IOException {
        PeerSession session = new PeerSession(new Socket("127.0.0.1", port));
        try {
            SmtpWire.expect("220", session.readReply(), "greeting");
            SmtpWire.expect("250", session.command("EHLO " + heloName), "EHLO");
            SmtpWire.expect("220", session.command("STARTTLS"), "STARTTLS");
            session.tls = (SSLSocket) context.getSocketFactory().createSocket(session.socket, "127.0.0.1", port, true);
            session.tls.startHandshake();
            session.attach(session.tls);
            SmtpWire.expect("250", session.command("EHLO " + heloName), "EHLO after STARTTLS");
            return session;
        } catch (IOException | RuntimeException e) {
            session.socket.close();
            throw e;
        }
    }

    /** Returns once B answered 250 to the final dot: B has the message on its spool. */
    void send(String from, String to, byte[] message) throws IOException {
        SmtpWire.expect("250", command("MAIL FROM:<" + from + ">"), "MAIL FROM " + from);
        SmtpWire.expect("250", command("RCPT TO:<" + to + ">"), "RCPT TO " + to);
        SmtpWire.expect("354", command("DATA"), "DATA");
        SmtpWire.expect("250", wire.data(out -> out.write(message)), "end of DATA");
    }

    /** MAIL FROM then RSET: B's answer to the sender alone, nothing is sent. */
    String mailFrom(String from) throws IOException {
        String reply = command("MAIL FROM:<" + from + ">");
        if (!reply.startsWith("2") && !reply.startsWith("5")) {
            throw new IOException("SMTP MAIL FROM " + from + ": " + reply.strip());
        }
        SmtpWire.expect("250", command("RSET"), "RSET");
        return reply.strip();
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

    /**
     * QUIT, then the TLS session is invalidated so the next connection cannot resume it: every new connection pays
     * a full handshake with B's certificate request and chain check, the worst case for the trust checks.
     */
    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
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
