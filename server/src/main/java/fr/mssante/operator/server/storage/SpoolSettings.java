package fr.mssante.operator.server.storage;

import org.apache.commons.configuration2.Configuration;

/**
 * Our spool settings, read from {@code conf/activemq.properties} next to James's own keys.
 *
 * @param producers    JMS sessions that write into each spool queue at the same time ({@code mssante.spool.producers})
 * @param blobMessages mail bodies as ActiveMQ blob files beside the journal ({@code mssante.spool.blob-messages},
 *                     James's default) instead of inside the KahaDB journal, which is synced at every enqueue
 */
public record SpoolSettings(int producers, boolean blobMessages) {

    public static final String PRODUCERS = "mssante.spool.producers";
    public static final String BLOB_MESSAGES = "mssante.spool.blob-messages";
    static final int DEFAULT_PRODUCERS = 8;
    static final boolean DEFAULT_BLOB_MESSAGES = false;

    public SpoolSettings {
        if (producers < 1 || producers > 64) {
            throw new IllegalArgumentException(PRODUCERS + " must be between 1 and 64, got " + producers);
        }
    }

    static SpoolSettings from(Configuration configuration) {
        return new SpoolSettings(configuration.getInt(PRODUCERS, DEFAULT_PRODUCERS),
            configuration.getBoolean(BLOB_MESSAGES, DEFAULT_BLOB_MESSAGES));
    }

    static SpoolSettings defaults() {
        return new SpoolSettings(DEFAULT_PRODUCERS, DEFAULT_BLOB_MESSAGES);
    }
}
