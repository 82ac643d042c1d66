package fr.mssante.operator.server.storage;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes on James's message table for the flag queries IMAP runs on one mailbox: the unseen count of every STATUS,
 * SELECT and EXAMINE, the first unseen message and the recent ones of every SELECT and EXAMINE.
 * <p>
 * James's JPA schema indexes each flag column alone. Asked for "unseen messages of mailbox M", H2 picks the index on
 * the flag and reads every unseen message of the server, then keeps those of M: the cost of polling a mailbox grew
 * with the unread mail of all the others (an APP mailbox of 50,000 unread messages slowed every user's STATUS). Keyed
 * by mailbox first, the count reads M's entries of the index only. Created at the first start after an upgrade, once.
 */
public class MessageFlagIndexes {
    static final String TABLE = "JAMES_MAIL";
    static final List<Index> INDEXES = List.of(
        new Index("MSSANTE_MAIL_UNSEEN", "MAIL_IS_SEEN"),
        new Index("MSSANTE_MAIL_RECENT", "MAIL_IS_RECENT"));
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageFlagIndexes.class);

    record Index(String name, String flagColumn) {
        String create() {
            return "CREATE INDEX IF NOT EXISTS " + name + " ON " + TABLE + " (MAILBOX_ID, " + flagColumn + ", MAIL_UID)";
        }
    }

    @Inject
    public MessageFlagIndexes(JpaConnections connections) {
        for (Index index : INDEXES) {
            connections.inTransaction(connection -> {
                if (!exists(connection.getMetaData(), index.name())) {
                    LOGGER.info("creating index {} on {} (once; on a large database this takes a while)", index.name(), TABLE);
                    long started = System.nanoTime();
                    try (Statement create = connection.createStatement()) {
                        create.execute(index.create());
                    }
                    LOGGER.info("index {} created in {} ms", index.name(), (System.nanoTime() - started) / 1_000_000);
                }
                return null;
            });
        }
    }

    private static boolean exists(DatabaseMetaData metaData, String indexName) throws SQLException {
        String table = metaData.storesLowerCaseIdentifiers() ? TABLE.toLowerCase(Locale.ROOT) : TABLE;
        try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, true)) {
            while (indexes.next()) {
                if (indexName.equalsIgnoreCase(indexes.getString("INDEX_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
