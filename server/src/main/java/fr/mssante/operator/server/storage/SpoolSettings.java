package fr.mssante.operator.server.storage;

import org.apache.commons.configuration2.Configuration;

/**
 * Our spool settings, read from {@code conf/activemq.properties} next to James's own keys.
 *
 * @param producers JMS sessions that write into each spool queue at the same time ({@code mssante.spool.producers})
 */
public record SpoolSettings(int producers) {

    public static final String PRODUCERS = "mssante.spool.producers";
    static final int DEFAULT_PRODUCERS = 8;

    public SpoolSettings {
        if (producers < 1 || producers > 64) {
            throw new IllegalArgumentException(PRODUCERS + " must be between 1 and 64, got " + producers);
        }
    }

    static SpoolSettings from(Configuration configuration) {
        return new SpoolSettings(configuration.getInt(PRODUCERS, DEFAULT_PRODUCERS));
    }

    static SpoolSettings defaults() {
        return new SpoolSettings(DEFAULT_PRODUCERS);
    }
}
