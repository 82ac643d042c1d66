package fr.mssante.operator.server;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A raw SMTP conversation over a real socket, for checking exact refusal codes. */
final class SmtpDialog implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    final String greeting;

    SmtpDialog(int port) throws IOException {
        attach(new Socket("127.0.0.1", port));
        greeting = readReply();
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    /** A submission session (EHLO, STARTTLS, EHLO, AUTH PLAIN) ready for MAIL. */
    static SmtpDialog submission(int port, String user, String password) throws Exception {
        SmtpDialog smtp = new SmtpDialog(port);
        smtp.command("EHLO lps.test");
        smtp.startTls();
        smtp.command("EHLO lps.test");
        String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        String reply = smtp.command("AUTH PLAIN " + auth);
        if (!reply.startsWith("235")) {
            smtp.close();
            throw new IllegalStateException("AUTH refused: " + reply);
        }
        return smtp;
    }

    /** Sends one command line and returns the whole (possibly multi-line) reply. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /**
     * Sends a message body after DATA's 354, as raw bytes (dot-stuffed, ending CRLF . CRLF), and returns the reply.
     */
    String data(byte[] message) throws IOException {
        String reply = command("DATA");
        if (!reply.startsWith("354")) {
            return reply;
        }
        ByteArrayOutputStream stuffed = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                stuffed.write('.');
            }
            stuffed.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            stuffed.write('\r');
            stuffed.write('\n');
        }
        stuffed.write(".\r\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
        out.write(stuffed.toByteArray());
        out.flush();
        return readReply();
    }

    void startTls() throws Exception {
        startTls(null);
    }

    /** STARTTLS presenting the key and certificate of {@code clientKeys} (a PKCS12 file, password {@code secret}). */
    void startTls(Path clientKeys, String secret) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientKeys)) {
            store.load(in, secret.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, secret.toCharArray());
        startTls(keys.getKeyManagers());
    }

    private void startTls(KeyManager[] keyManagers) throws Exception {
        String reply = command("STARTTLS");
        if (!reply.startsWith("220")) {
            throw new IllegalStateException("STARTTLS refused: " + reply);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, new TrustManager[] {new TrustAnything()}, null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        attach(tls);
    }

    private String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server after: " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Test peers only: the test hierarchy is not in the JDK trust store. */
    static final class TrustAnything implements X509TrustManager {
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
    }
}
