package fr.mssante.operator.server;

import org.apache.james.util.SizeFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's {@code james.message.memory.threshold}: a message received over SMTP is kept in memory up to this size, and
 * written to a temporary file beyond it. James's default, 100 KiB, sent an ordinary CDA document with its PDF through
 * a file write, several reads and a delete, while the spool then copies the whole message into memory all the same;
 * we default to 1 MiB (bench-server.md, run 21: 8–13 % less CPU per 200 KB message). James reads the value once, when
 * its class loads, and an unreadable one failed every DATA with "451 Unable to process request": it is checked here,
 * before the server starts.
 */
final class MessageMemoryThreshold {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageMemoryThreshold.class);
    static final String PROPERTY = "james.message.memory.threshold";
    static final String DEFAULT = "1MiB";

    private MessageMemoryThreshold() {
    }

    /** Sets the default when neither conf/jvm.properties nor {@code -D} gave a value; refuses one James can't read. */
    static void apply() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            System.setProperty(PROPERTY, DEFAULT);
            LOGGER.info("{}={} (default): SMTP messages up to that size are received in memory", PROPERTY, DEFAULT);
            return;
        }
        long bytes;
        try {
            bytes = SizeFormat.parseAsByteCount(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + "=" + value + " (conf/jvm.properties or -D) is not a size: "
                + "write a number of bytes or a number followed by KiB, MiB or GiB, e.g. 1MiB (" + e.getMessage() + ")",
                e);
        }
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException(PROPERTY + "=" + value + " (conf/jvm.properties or -D) must be between 0 "
                + "and 2 GiB");
        }
        LOGGER.info("{}={}: SMTP messages up to {} bytes are received in memory", PROPERTY, value, bytes);
    }
}
