package fr.mssante.operator.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A raw IMAPS conversation over a real socket, for checks on the exact bytes the server stores: a mail library would
 * parse and re-serialise the messages it reads.
 */
final class ImapDialog implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tag;

    ImapDialog(int imapsPort, String user, String password) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new SmtpDialog.TrustAnything()}, null);
        socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", imapsPort);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        readLine();
        expectOk(command("LOGIN \"" + user + "\" \"" + password + "\""));
    }

    /** Selects the INBOX read-only and returns the full raw content of every message, in UID order. */
    List<byte[]> inboxMessages() throws IOException {
        expectOk(command("EXAMINE INBOX"));
        List<byte[]> messages = new ArrayList<>();
        String tagged = "t" + (++tag);
        send(tagged + " UID FETCH 1:* (BODY.PEEK[])");
        while (true) {
            String line = readLine();
            if (line.startsWith(tagged + " ")) {
                expectOk(List.of(line));
                return messages;
            }
            Matcher literal = LITERAL.matcher(line);
            if (line.startsWith("* ") && literal.find()) {
                messages.add(in.readNBytes(Integer.parseInt(literal.group(1))));
                readLine(); // the closing parenthesis
            }
        }
    }

    /**
     * What a mail client asks first for every message of the INBOX (structure, envelope, flags, size); returns the
     * server's answer, or throws if it is not OK.
     */
    List<String> clientView() throws IOException {
        expectOk(command("EXAMINE INBOX"));
        List<String> reply = command("UID FETCH 1:* (UID RFC822.SIZE FLAGS BODYSTRUCTURE ENVELOPE INTERNALDATE)");
        expectOk(reply);
        return reply;
    }

    /** APPENDs {@code message} to the INBOX as a synchronizing literal; returns the tagged reply. */
    String append(byte[] message) throws IOException {
        String tagged = "t" + (++tag);
        send(tagged + " APPEND INBOX {" + message.length + "}");
        String continuation = readLine();
        if (!continuation.startsWith("+")) {
            return continuation;
        }
        out.write(message);
        send("");
        String line;
        do {
            line = readLine();
        } while (!line.startsWith(tagged + " "));
        return line;
    }

    /** UIDs of the INBOX messages matching an IMAP SEARCH key (answered from the search index), "" if none. */
    String search(String key) throws IOException {
        expectOk(command("EXAMINE INBOX"));
        List<String> reply = command("UID SEARCH " + key);
        expectOk(reply);
        return reply.stream().filter(line -> line.startsWith("* SEARCH")).findFirst().orElse("* SEARCH").substring(8).trim();
    }

    /** UIDs of the INBOX messages matching {@code key} followed by {@code text} sent as a UTF-8 literal. */
    String searchUtf8(String key, String text) throws IOException {
        expectOk(command("EXAMINE INBOX"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String tagged = "t" + (++tag);
        send(tagged + " UID SEARCH CHARSET UTF-8 " + key + " {" + bytes.length + "}");
        String continuation = readLine();
        if (!continuation.startsWith("+")) {
            throw new IllegalStateException("IMAP SEARCH literal refused: " + continuation);
        }
        out.write(bytes);
        send("");
        List<String> reply = new ArrayList<>();
        String line;
        do {
            line = readLine();
            reply.add(line);
        } while (!line.startsWith(tagged + " "));
        expectOk(reply);
        return reply.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElse("* SEARCH").substring(8).trim();
    }

    private List<String> command(String command) throws IOException {
        String tagged = "t" + (++tag);
        send(tagged + " " + command);
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.startsWith(tagged + " "));
        return lines;
    }

    private static void expectOk(List<String> reply) {
        String last = reply.get(reply.size() - 1);
        if (!last.matches("t\\d+ OK.*")) {
            throw new IllegalStateException("IMAP command failed: " + reply);
        }
    }

    private void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by the IMAP server after: " + line);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
