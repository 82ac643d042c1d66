package fr.mssante.operator.server.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;

/**
 * The UID queries James runs on a mailbox at every SELECT and EXAMINE (its message-number map, the first unseen
 * message, the recent ones), in plain JDBC and ordered by the whole key of the index they read: H2 then walks the
 * index in order instead of sorting. Through James's JPA queries (ordered by UID alone) H2 sorted every matching row,
 * on disk past its in-memory row limit: an EXAMINE of a 50,000-message INBOX took 150-180 ms, paid by an LPS at
 * every poll (bench-server.md run 32).
 */
public class MailboxUids {
    private static final String TABLE = MessageFlagIndexes.TABLE;
    static final String ALL = "SELECT MAIL_UID FROM " + TABLE
        + " WHERE MAILBOX_ID = ? ORDER BY MAILBOX_ID, MAIL_UID";
    // MessageFlagIndexes: (MAILBOX_ID, flag, MAIL_UID).
    static final String FIRST_UNSEEN = "SELECT MAIL_UID FROM " + TABLE
        + " WHERE MAILBOX_ID = ? AND MAIL_IS_SEEN = FALSE ORDER BY MAILBOX_ID, MAIL_IS_SEEN, MAIL_UID LIMIT 1";
    static final String RECENT = "SELECT MAIL_UID FROM " + TABLE
        + " WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = TRUE ORDER BY MAILBOX_ID, MAIL_IS_RECENT, MAIL_UID";

    private final JpaConnections connections;

    @Inject
    public MailboxUids(JpaConnections connections) {
        this.connections = connections;
    }

    /** Every UID of the mailbox, ascending. */
    public List<MessageUid> all(JPAId mailbox) {
        return list(ALL, mailbox);
    }

    /** The UIDs of the mailbox's messages flagged \Recent, ascending. */
    public List<MessageUid> recent(JPAId mailbox) {
        return list(RECENT, mailbox);
    }

    /** The lowest UID of the mailbox's messages not flagged \Seen. */
    public Optional<MessageUid> firstUnseen(JPAId mailbox) {
        return list(FIRST_UNSEEN, mailbox).stream().findFirst();
    }

    private List<MessageUid> list(String sql, JPAId mailbox) {
        return connections.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setLong(1, mailbox.getRawId());
                query.setFetchSize(10_000);
                List<MessageUid> uids = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        uids.add(MessageUid.of(rows.getLong(1)));
                    }
                }
                return uids;
            }
        });
    }
}
