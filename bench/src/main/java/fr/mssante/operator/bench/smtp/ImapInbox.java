package fr.mssante.operator.bench.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logged-in IMAPS connection that counts a mailbox's INBOX with {@code STATUS INBOX (MESSAGES)}: counts on the server
 * (the durable server's James also counts the unseen ones), no message fetched, so polling it while the load runs
 * costs the server little.
 */
public final class ImapInbox implements AutoCloseable {
    private static final Pattern MESSAGES = Pattern.compile("MESSAGES (\\d+)");

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String user;
    private int tag;

    public ImapInbox(int imapsPort, String user, String password) throws IOException {
        this.user = user;
        this.socket = AnyServerCertificate.tlsContext().getSocketFactory().createSocket("127.0.0.1", imapsPort);
        socket.setSoTimeout(120_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        String greeting = in.readLine();
        if (greeting == null || !greeting.startsWith("* OK")) {
            throw new IOException("IMAP greeting for " + user + ": " + greeting);
        }
        command("LOGIN \"" + user + "\" \"" + password + "\"");
    }

    /** Messages in the INBOX now. */
    public long count() throws IOException {
        String response = command("STATUS INBOX (MESSAGES)");
        Matcher matcher = MESSAGES.matcher(response);
        if (!matcher.find()) {
            throw new IOException("IMAP STATUS INBOX of " + user + " without a MESSAGES count: " + response);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Stores one message straight into the INBOX (pre-fill of a big mailbox without the SMTP spool). */
    void append(BenchMessage message) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        message.writeTo(bytes);
        String t = "b" + (++tag);
        out.write((t + " APPEND INBOX {" + bytes.size() + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.readLine();
        if (line == null || !line.startsWith("+")) {
            throw new IOException("IMAP APPEND for " + user + " refused: " + line);
        }
        bytes.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        bytes.writeTo(out);
        out.flush();
        while ((line = in.readLine()) != null) {
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException("IMAP APPEND for " + user + ": " + line);
                }
                return;
            }
        }
        throw new IOException("IMAP server closed the connection of " + user);
    }

    /** Sends a tagged command and returns its untagged lines; anything but a tagged OK is an error. */
    String command(String command) throws IOException {
        String t = "b" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        StringBuilder untagged = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException("IMAP " + command.split(" ")[0] + " for " + user + ": " + line);
                }
                return untagged.toString();
            }
            untagged.append(line).append('\n');
        }
        throw new IOException("IMAP server closed the connection of " + user);
    }

    @Override
    public void close() throws IOException {
        try {
            command("LOGOUT");
        } catch (IOException alreadyGone) {
            // closing anyway
        } finally {
            socket.close();
        }
    }
}
