package fr.mssante.operator.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;

/**
 * Clears \Recent on a mailbox's messages, what the first SELECT after they arrived does, in plain JDBC: one read of
 * the recent rows in index order, one update per run of consecutive UIDs, one commit. James's JPA mapper loaded every
 * recent message as an entity, with its properties, to save it again with the flag cleared: 15 s for a backlog of
 * 51,000 in an APP INBOX (bench-server.md run 32), while the LPS's SELECT waits. No row lock, as in James: with
 * {@code FOR UPDATE} H2 sorts the rows instead of reading its index in order. The answer is James's: one
 * {@link UpdatedFlags} per message, user flags included (the search index rewrites a message's flags from it), all
 * with one new mod-sequence (James took one per run of UIDs).
 */
public class RecentFlags {
    private static final String TABLE = MessageFlagIndexes.TABLE;
    static final String RECENT = "SELECT MAIL_UID, MAIL_IS_ANSWERED, MAIL_IS_DELETED, MAIL_IS_DRAFT, MAIL_IS_FLAGGED,"
        + " MAIL_IS_SEEN FROM " + TABLE + " WHERE MAILBOX_ID = ? AND MAIL_IS_RECENT = TRUE"
        + " ORDER BY MAILBOX_ID, MAIL_IS_RECENT, MAIL_UID";
    static final String USER_FLAGS = "SELECT MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG"
        + " WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";
    static final String CLEAR = "UPDATE " + TABLE + " SET MAIL_IS_RECENT = FALSE, MAIL_MODSEQ = ?"
        + " WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ? AND MAIL_IS_RECENT = TRUE";

    /** The mailbox's next mod-sequence, asked for only when a flag changes (an unchanged mailbox keeps its own). */
    @FunctionalInterface
    public interface NextModSeq {
        ModSeq next() throws MailboxException;
    }

    private final JpaConnections connections;

    @Inject
    public RecentFlags(JpaConnections connections) {
        this.connections = connections;
    }

    /** Clears \Recent on every message of {@code mailbox} flagged so; returns the changes, in ascending UIDs. */
    public List<UpdatedFlags> clear(JPAId mailbox, NextModSeq nextModSeq) {
        return connections.inTransaction(connection -> {
            NavigableMap<Long, Flags> recent = readRecent(connection, mailbox);
            if (recent.isEmpty()) {
                return List.of();
            }
            addUserFlags(connection, mailbox, recent);
            ModSeq modSeq = next(nextModSeq);
            update(connection, mailbox, recent, modSeq);
            List<UpdatedFlags> changes = new ArrayList<>(recent.size());
            recent.forEach((uid, oldFlags) -> {
                Flags newFlags = new Flags(oldFlags);
                newFlags.remove(Flags.Flag.RECENT);
                changes.add(UpdatedFlags.builder()
                    .uid(MessageUid.of(uid))
                    .messageId(new DefaultMessageId())
                    .modSeq(modSeq)
                    .oldFlags(oldFlags)
                    .newFlags(newFlags)
                    .build());
            });
            return changes;
        });
    }

    private static NavigableMap<Long, Flags> readRecent(Connection connection, JPAId mailbox) throws SQLException {
        NavigableMap<Long, Flags> recent = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(RECENT)) {
            query.setLong(1, mailbox.getRawId());
            query.setFetchSize(10_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Flags flags = new Flags(Flags.Flag.RECENT);
                    addIf(flags, rows.getBoolean(2), Flags.Flag.ANSWERED);
                    addIf(flags, rows.getBoolean(3), Flags.Flag.DELETED);
                    addIf(flags, rows.getBoolean(4), Flags.Flag.DRAFT);
                    addIf(flags, rows.getBoolean(5), Flags.Flag.FLAGGED);
                    addIf(flags, rows.getBoolean(6), Flags.Flag.SEEN);
                    recent.put(rows.getLong(1), flags);
                }
            }
        }
        return recent;
    }

    private static void addIf(Flags flags, boolean set, Flags.Flag flag) {
        if (set) {
            flags.add(flag);
        }
    }

    private static void addUserFlags(Connection connection, JPAId mailbox, NavigableMap<Long, Flags> recent) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(USER_FLAGS)) {
            query.setLong(1, mailbox.getRawId());
            query.setLong(2, recent.firstKey());
            query.setLong(3, recent.lastKey());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Flags flags = recent.get(rows.getLong(1));
                    if (flags != null) {
                        flags.add(rows.getString(2));
                    }
                }
            }
        }
    }

    private static void update(Connection connection, JPAId mailbox, NavigableMap<Long, Flags> recent, ModSeq modSeq)
        throws SQLException {
        List<MessageUid> uids = recent.keySet().stream().map(MessageUid::of).toList();
        try (PreparedStatement clear = connection.prepareStatement(CLEAR)) {
            for (MessageRange run : MessageRange.toRanges(uids)) {
                clear.setLong(1, modSeq.asLong());
                clear.setLong(2, mailbox.getRawId());
                clear.setLong(3, run.getUidFrom().asLong());
                clear.setLong(4, run.getUidTo().asLong());
                clear.addBatch();
            }
            clear.executeBatch();
        }
    }

    private static ModSeq next(NextModSeq nextModSeq) throws SQLException {
        try {
            return nextModSeq.next();
        } catch (MailboxException e) {
            throw new SQLException("Cannot take the mailbox's next mod-sequence: " + e.getMessage(), e);
        }
    }
}
