package fr.mssante.operator.server.storage;

import java.sql.PreparedStatement;

import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;

/** Mailboxes through James's mapper and message rows inserted straight into its table, for tests of queries. */
final class MessageRows {
    private MessageRows() {
    }

    static Mailbox createMailbox(EntityManagerFactory factory, MailboxPath path) throws Exception {
        JPAMailboxMapper mapper = new JPAMailboxMapper(factory);
        try {
            return mapper.execute(() -> mapper.create(path, UidValidity.of(7)).block());
        } finally {
            mapper.endRequest();
        }
    }

    /** Messages {@code from}..{@code to} (UIDs), recent, seen or not; content is irrelevant to these queries. */
    static void insert(JpaConnections connections, Mailbox mailbox, long from, long to, boolean seen) {
        connections.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO JAMES_MAIL (MAILBOX_ID, MAIL_UID,"
                + " MAIL_IS_ANSWERED, MAIL_BODY_START_OCTET, MAIL_CONTENT_OCTETS_COUNT, MAIL_IS_DELETED, MAIL_IS_DRAFT,"
                + " MAIL_IS_FLAGGED, MAIL_MODSEQ, MAIL_IS_RECENT, MAIL_IS_SEEN, MAIL_BYTES, HEADER_BYTES)"
                + " SELECT ?, X, FALSE, 0, 0, FALSE, FALSE, FALSE, X, TRUE, ?, X'00', X'00' FROM SYSTEM_RANGE(?, ?)")) {
                insert.setLong(1, ((JPAId) mailbox.getMailboxId()).getRawId());
                insert.setBoolean(2, seen);
                insert.setLong(3, from);
                insert.setLong(4, to);
                return insert.executeUpdate();
            }
        });
    }
}
