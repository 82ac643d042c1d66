package fr.mssante.operator.server.storage;

import org.apache.commons.configuration2.Configuration;

/**
 * Search index settings, read from {@code conf/james-database.properties} next to the database's.
 *
 * @param commitSeconds how often the Lucene index is committed ({@code mssante.search.commit-seconds}): what a crash
 *                      leaves for the recovery at start to index again
 */
public record SearchIndexSettings(long commitSeconds) {
    public static final String COMMIT_SECONDS = "mssante.search.commit-seconds";
    static final long DEFAULT_COMMIT_SECONDS = 30;

    public SearchIndexSettings {
        if (commitSeconds < 1 || commitSeconds > 86_400) {
            throw new IllegalArgumentException(COMMIT_SECONDS + " must be between 1 and 86400 seconds, got " + commitSeconds);
        }
    }

    static SearchIndexSettings from(Configuration configuration) {
        return new SearchIndexSettings(configuration.getLong(COMMIT_SECONDS, DEFAULT_COMMIT_SECONDS));
    }
}
