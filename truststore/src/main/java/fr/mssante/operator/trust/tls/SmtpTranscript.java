package fr.mssante.operator.trust.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the SMTP conversation of one outbound TLS session, from the commands the client writes and the replies
 * it reads, and reports each mail transaction's outcome to an {@link OutboundSmtpObserver}. JavaMail does not
 * pipeline, but replies are matched to commands in order (a queue), which would hold with pipelining too.
 * Of the message it keeps the size and the Message-ID header, nothing else.
 */
final class SmtpTranscript {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpTranscript.class);
    private static final String END_OF_DATA = ".";

    private final OutboundSmtpObserver observer;
    private final Supplier<OutboundPeer> peer;
    private final Deque<String> awaitingReply = new ArrayDeque<>();
    private final ByteArrayOutputStream replyLine = new ByteArrayOutputStream(128);
    private boolean inMessage;
    private Transaction transaction;

    /** The transaction under way: what the peer accepted so far. */
    private static final class Transaction {
        final String mailFrom;
        final List<OutboundTransaction.RecipientReply> recipients = new ArrayList<>();
        final StringBuilder header = new StringBuilder();
        boolean inHeaders = true;
        String messageId;
        long size;

        Transaction(String mailFrom) {
            this.mailFrom = mailFrom;
        }
    }

    SmtpTranscript(OutboundSmtpObserver observer, Supplier<OutboundPeer> peer) {
        this.observer = observer;
        this.peer = peer;
    }

    /** True between the peer's 354 to DATA and the end-of-data line: lines written are message content. */
    boolean inMessage() {
        return inMessage;
    }

    /** A command line the client sent (trimmed). */
    void command(String line) {
        awaitingReply.addLast(line);
    }

    /** A command line that was not sent: the client reads {@code code text} from us instead. */
    void answeredLocally(String line, int code, String text) {
        answered(line, new OutboundReply(code, text, true));
    }

    /** A line of message content as written: dot-stuffed, with its line ending. */
    void messageLine(byte[] line, int length) {
        int content = length - (length >= 2 && line[length - 2] == '\r' ? 2 : 1);
        if (content == 1 && line[0] == '.') {
            inMessage = false;
            awaitingReply.addLast(END_OF_DATA);
            return;
        }
        if (transaction == null) {
            return;
        }
        boolean stuffed = content >= 2 && line[0] == '.' && line[1] == '.';
        transaction.size += length - (stuffed ? 1 : 0);
        if (transaction.inHeaders) {
            readHeaderLine(transaction, new String(line, 0, content, StandardCharsets.US_ASCII));
        }
    }

    /** Bytes of the peer's replies as the client reads them. */
    void replyBytes(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            replyLine.write(bytes[i]);
            if (bytes[i] == '\n') {
                String line = replyLine.toString(StandardCharsets.US_ASCII).trim();
                replyLine.reset();
                if (line.length() >= 3 && (line.length() == 3 || line.charAt(3) == ' ')) {
                    reply(line);
                }
            }
        }
    }

    /** The session is closing: a transaction whose DATA never ended is reported as it stands. */
    void closed() {
        endTransaction(null);
    }

    private void reply(String line) {
        OutboundReply reply;
        try {
            reply = new OutboundReply(Integer.parseInt(line.substring(0, 3)), line.length() > 4 ? line.substring(4).trim() : "", false);
        } catch (NumberFormatException notAReply) {
            return;
        }
        String command = awaitingReply.pollFirst();
        if (command != null) { // else an unsolicited reply
            answered(command, reply);
        }
    }

    private void answered(String command, OutboundReply reply) {
        String verb = verb(command);
        switch (verb) {
            case "MAIL" -> {
                endTransaction(null);
                if (reply.isPositive()) {
                    transaction = new Transaction(address(command));
                }
            }
            case "RCPT" -> {
                if (transaction != null) {
                    transaction.recipients.add(new OutboundTransaction.RecipientReply(address(command), reply));
                }
            }
            case "DATA" -> {
                if (reply.code() == 354) {
                    inMessage = true;
                } else {
                    endTransaction(reply);
                }
            }
            case END_OF_DATA -> endTransaction(reply);
            case "RSET", "QUIT" -> endTransaction(null);
            default -> {
                // EHLO, NOOP...: no transaction outcome
            }
        }
    }

    private void endTransaction(OutboundReply dataReply) {
        Transaction ended = transaction;
        transaction = null;
        if (ended == null || (dataReply == null && ended.recipients.isEmpty())) {
            return;
        }
        if (ended.inHeaders) {
            endHeader(ended);
        }
        try {
            observer.transactionEnded(new OutboundTransaction(peer.get(), ended.mailFrom, ended.recipients,
                ended.messageId, ended.size, dataReply));
        } catch (RuntimeException e) {
            LOG.error("outbound transaction observer failed (the delivery goes on)", e);
        }
    }

    private static void readHeaderLine(Transaction t, String line) {
        if (line.isEmpty()) {
            endHeader(t);
            t.inHeaders = false;
        } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            t.header.append(line); // folded continuation of the previous header
        } else {
            endHeader(t);
            t.header.append(line);
        }
    }

    private static void endHeader(Transaction t) {
        String header = t.header.toString();
        t.header.setLength(0);
        if (t.messageId == null && header.regionMatches(true, 0, "Message-ID:", 0, 11)) {
            t.messageId = header.substring(11).trim();
        }
    }

    private static String verb(String command) {
        int space = command.indexOf(' ');
        int colon = command.indexOf(':');
        int end = space < 0 ? colon : (colon < 0 ? space : Math.min(space, colon));
        return (end < 0 ? command : command.substring(0, end)).toUpperCase(Locale.ROOT);
    }

    /** The address between angle brackets of {@code MAIL FROM:<a>} / {@code RCPT TO:<a>}; {@code <>} for the null sender. */
    private static String address(String command) {
        int open = command.indexOf('<');
        int close = command.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
            return command.substring(command.indexOf(':') + 1).trim();
        }
        String address = command.substring(open + 1, close);
        return address.isEmpty() ? "<>" : address;
    }
}
