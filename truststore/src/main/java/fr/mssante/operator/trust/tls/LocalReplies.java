package fr.mssante.operator.trust.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The peer's reply stream, with local SMTP replies served first (see {@link RecipientDomainCheck}). The peer's
 * bytes also go to the session's {@link SmtpTranscript} (local replies are told to it directly).
 */
final class LocalReplies extends FilterInputStream {
    private final SmtpTranscript transcript;
    private byte[] pending = new byte[0];
    private int position;

    LocalReplies(InputStream in, SmtpTranscript transcript) {
        super(in);
        this.transcript = transcript;
    }

    synchronized void add(String reply) {
        byte[] added = reply.getBytes(StandardCharsets.US_ASCII);
        byte[] merged = new byte[pending.length - position + added.length];
        System.arraycopy(pending, position, merged, 0, pending.length - position);
        System.arraycopy(added, 0, merged, pending.length - position, added.length);
        pending = merged;
        position = 0;
    }

    @Override
    public synchronized int read() throws IOException {
        if (position < pending.length) {
            return pending[position++] & 0xff;
        }
        int b = super.read();
        if (b >= 0) {
            transcript.replyBytes(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (position < pending.length) {
            int count = Math.min(length, pending.length - position);
            System.arraycopy(pending, position, buffer, offset, count);
            position += count;
            return count;
        }
        int count = super.read(buffer, offset, length);
        if (count > 0) {
            transcript.replyBytes(buffer, offset, count);
        }
        return count;
    }

    @Override
    public synchronized int available() throws IOException {
        return pending.length - position + super.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
