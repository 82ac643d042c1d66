package fr.mssante.operator.bench.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Delivered = visible to the mailbox owner: one logged-in IMAPS connection per mailbox of B, counted with
 * {@code STATUS INBOX (MESSAGES)} (an indexed count, no message fetched), so polling costs B little.
 */
final class Inboxes implements AutoCloseable {
    private static final Pattern MESSAGES = Pattern.compile("MESSAGES (\\d+)");

    private final List<Connection> connections = new ArrayList<>();

    Inboxes(int imapsPort, List<String> mailboxes, String password) throws IOException {
        try {
            for (String mailbox : mailboxes) {
                connections.add(new Connection(imapsPort, mailbox, password));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Messages in all the INBOXes now. */
    long count() throws IOException {
        long total = 0;
        for (Connection connection : connections) {
            Matcher matcher = MESSAGES.matcher(connection.command("STATUS INBOX (MESSAGES)"));
            if (!matcher.find()) {
                throw new IOException("IMAP STATUS INBOX of " + connection.user + " without a MESSAGES count");
            }
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    @Override
    public void close() {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final String user;
        private int tag;

        Connection(int port, String user, String password) throws IOException {
            this.user = user;
            this.socket = anyServer().getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(120_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) {
                socket.close();
                throw new IOException("IMAP greeting for " + user + ": " + greeting);
            }
            command("LOGIN \"" + user + "\" \"" + password + "\"");
        }

        /** The untagged lines of one command; anything but a tagged OK is an error. */
        String command(String command) throws IOException {
            String t = "i" + (++tag);
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

        void close() {
            try {
                command("LOGOUT");
            } catch (IOException alreadyGone) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }

        private static SSLContext anyServer() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, null);
                return context;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("No TLS in this JVM", e);
            }
        }
    }
}
