package fr.mssante.operator.bench.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;

/**
 * A text/plain message of about {@code size} bytes, CRLF lines of 76 characters, no line starting with a dot (so no
 * dot-stuffing is needed). Each message gets its own Message-ID and Subject, like real traffic.
 */
public final class BenchMessage {
    private static final int LINE = 76;

    private final byte[] header;
    private final byte[] body;

    private BenchMessage(byte[] header, byte[] body) {
        this.header = header;
        this.body = body;
    }

    /** A body shared by every message of one size; only headers differ. */
    public static byte[] body(int size) {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder(size + LINE);
        while (text.length() < size) {
            for (int i = 0; i < LINE; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static BenchMessage of(String from, String to, String subject, byte[] body) {
        String header = "From: <" + from + ">\r\n"
            + "To: <" + to + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@bench.mssante.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n";
        return new BenchMessage(header.getBytes(StandardCharsets.US_ASCII), body);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(header);
        out.write(body);
    }
}
