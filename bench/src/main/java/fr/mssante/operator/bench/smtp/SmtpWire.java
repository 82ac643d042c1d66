package fr.mssante.operator.bench.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The SMTP line protocol over one socket (plain or TLS), shared by the bench's raw SMTP clients. */
public final class SmtpWire {
    private final InputStream in;
    private final OutputStream out;

    private SmtpWire(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    public static SmtpWire over(Socket socket) throws IOException {
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        return new SmtpWire(new BufferedInputStream(socket.getInputStream()),
            new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    }

    /** Sends one command line and returns the whole reply. */
    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /** Writes the content of a message to the server's DATA stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a message (CRLF-terminated lines, no line starting with a dot) and the final dot; returns the reply. */
    public String data(Content message) throws IOException {
        message.writeTo(out);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /** One message: MAIL FROM, RCPT TO, DATA; returns once the server answered 250 to the final dot (it has the mail). */
    public void send(String from, String to, Content message) throws IOException {
        expect("250", command("MAIL FROM:<" + from + ">"), "MAIL FROM " + from);
        expect("250", command("RCPT TO:<" + to + ">"), "RCPT TO " + to);
        expect("354", command("DATA"), "DATA");
        expect("250", data(message), "end of DATA");
    }

    /** The whole reply; continuation lines ("250-...") are read up to the last one ("250 ..."). */
    public String readReply() throws IOException {
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

    public static void expect(String code, String reply, String step) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("SMTP " + step + ": expected " + code + ", got " + reply.strip());
        }
    }
}
