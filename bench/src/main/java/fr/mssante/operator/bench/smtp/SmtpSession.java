package fr.mssante.operator.bench.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private InputStream in;
    private OutputStream out;

    private SmtpSession(Socket socket) throws IOException {
        attach(socket);
    }

    static SmtpSession submission(int port, String user, String password) throws IOException {
        SmtpSession session = new SmtpSession(new Socket("127.0.0.1", port));
        session.expect("220", session.readReply(), "greeting");
        session.expect("250", session.command("EHLO bench.mssante.test"), "EHLO");
        session.expect("220", session.command("STARTTLS"), "STARTTLS");
        SSLSocket tls = (SSLSocket) TLS.getSocketFactory().createSocket(session.socket, "127.0.0.1", port, true);
        tls.startHandshake();
        session.attach(tls);
        session.expect("250", session.command("EHLO bench.mssante.test"), "EHLO after STARTTLS");
        String credentials = Base64.getEncoder().encodeToString(
            ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        session.expect("235", session.command("AUTH PLAIN " + credentials), "AUTH PLAIN");
        return session;
    }

    /** Sends one message; returns when the server answered "250" to the final dot (the mail is accepted). */
    void send(String from, String to, BenchMessage message) throws IOException {
        expect("250", command("MAIL FROM:<" + from + ">"), "MAIL FROM");
        expect("250", command("RCPT TO:<" + to + ">"), "RCPT TO " + to);
        expect("354", command("DATA"), "DATA");
        message.writeTo(out);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect("250", readReply(), "end of DATA");
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /** The whole reply; continuation lines ("250-...") are read up to the last one ("250 ..."). */
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
                throw new IOException("SMTP server closed the connection after: " + line);
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
