package fr.mssante.operator.bench.interop;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP connection from operator A to B's port 25, as an MTA relays: EHLO, STARTTLS (client certificate if B
 * asks), EHLO, then MAIL/RCPT/DATA per message. A raw client so the load side spends little CPU.
 */
final class PeerSession implements AutoCloseable {
    private Socket socket;
    private SSLSocket tls;
    private InputStream in;
    private OutputStream out;

    private PeerSession(Socket socket) throws IOException {
        attach(socket);
    }

    static PeerSession open(int port, String heloName, SSLContext context) throws IOException {
        PeerSession session = new PeerSession(new Socket("127.0.0.1", port));
        try {
            expect("220", session.readReply(), "greeting");
            expect("250", session.command("EHLO " + heloName), "EHLO");
            expect("220", session.command("STARTTLS"), "STARTTLS");
            session.tls = (SSLSocket) context.getSocketFactory().createSocket(session.socket, "127.0.0.1", port, true);
            session.tls.startHandshake();
            session.attach(session.tls);
            expect("250", session.command("EHLO " + heloName), "EHLO after STARTTLS");
            return session;
        } catch (IOException | RuntimeException e) {
            session.socket.close();
            throw e;
        }
    }

    /** Returns once B answered 250 to the final dot: B has the message on its spool. */
    void send(String from, String to, byte[] message) throws IOException {
        expect("250", command("MAIL FROM:<" + from + ">"), "MAIL FROM " + from);
        expect("250", command("RCPT TO:<" + to + ">"), "RCPT TO " + to);
        expect("354", command("DATA"), "DATA");
        out.write(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect("250", readReply(), "end of DATA");
    }

    /** MAIL FROM then RSET: B's answer to the sender alone, nothing is sent. */
    String mailFrom(String from) throws IOException {
        String reply = command("MAIL FROM:<" + from + ">");
        if (!reply.startsWith("2") && !reply.startsWith("5")) {
            throw new IOException("SMTP MAIL FROM " + from + ": " + reply.strip());
        }
        expect("250", command("RSET"), "RSET");
        return reply.strip();
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    private String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = readLine();
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("B closed the connection after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void expect(String code, String reply, String step) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("SMTP " + step + ": expected " + code + ", got " + reply.strip());
        }
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
