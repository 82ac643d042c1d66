package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailboxUidsTest {
    static final Username APP = Username.of("dpi@demo.mssante.test");

    EntityManagerFactory factory;
    JpaConnections connections;
    Mailbox inbox;
    Mailbox other;

    @BeforeEach
    void fill() throws Exception {
        factory = H2Units.inMemory(SentSql.PROPERTY);
        connections = new JpaConnections(factory);
        inbox = MessageRows.createMailbox(factory, MailboxPath.inbox(APP));
        other = MessageRows.createMailbox(factory, MailboxPath.forUser(APP, "Archives"));
        // Stored out of order, with gaps (expunged messages), next to another mailbox's messages.
        MessageRows.insert(connections, inbox, 900, 1_000, false);
        MessageRows.insert(connections, other, 1, 2_000, false);
        MessageRows.insert(connections, inbox, 1, 10, true);
        connections.inTransaction(connection -> {
            try (Statement delete = connection.createStatement()) {
                return delete.executeUpdate("DELETE FROM JAMES_MAIL WHERE MAILBOX_ID = " + rawId(inbox)
                    + " AND MAIL_UID IN (3, 950)");
            }
        });
        SentSql.SENT.clear();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void listsOneMailboxsUidsInAscendingOrderAsJamesDoes() {
        List<MessageUid> expected = LongStream.concat(LongStream.rangeClosed(1, 10), LongStream.rangeClosed(900, 1_000))
            .filter(uid -> uid != 3 && uid != 950).mapToObj(MessageUid::of).toList();

        List<MessageUid> uids = new MailboxUids(connections).all((JPAId) inbox.getMailboxId());

        assertThat(uids).containsExactlyElementsOf(expected);
        JPAMessageMapper james = new JPAMessageMapper(new JPAUidProvider(factory), new JPAModSeqProvider(factory), factory);
        try {
            assertThat(james.listAllMessageUids(inbox).collectList().block()).containsExactlyElementsOf(uids);
        } finally {
            james.endRequest();
        }
    }

    @Test
    void anEmptyMailboxHasNone() throws Exception {
        Mailbox empty = MessageRows.createMailbox(factory, MailboxPath.forUser(APP, "Vide"));

        MailboxUids uids = new MailboxUids(connections);

        assertThat(uids.all((JPAId) empty.getMailboxId())).isEmpty();
        assertThat(uids.recent((JPAId) empty.getMailboxId())).isEmpty();
        assertThat(uids.firstUnseen((JPAId) empty.getMailboxId())).isEmpty();
    }

    @Test
    void firstUnseenAndRecentAreJamessAnswers() throws Exception {
        connections.inTransaction(connection -> {
            try (Statement update = connection.createStatement()) {
                // Seen: every UID below 920; recent: those below 11 and from 990.
                update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_SEEN = TRUE WHERE MAILBOX_ID = " + rawId(inbox)
                    + " AND MAIL_UID < 920");
                update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_RECENT = FALSE WHERE MAILBOX_ID = " + rawId(inbox)
                    + " AND MAIL_UID BETWEEN 900 AND 989");
                return null;
            }
        });
        MailboxUids uids = new MailboxUids(connections);
        JPAMessageMapper james = new JPAMessageMapper(new JPAUidProvider(factory), new JPAModSeqProvider(factory), factory);
        try {
            assertThat(uids.firstUnseen((JPAId) inbox.getMailboxId())).contains(MessageUid.of(920))
                .contains(james.findFirstUnseenMessageUid(inbox));
            assertThat(uids.recent((JPAId) inbox.getMailboxId())).hasSize(20)
                .containsExactlyElementsOf(james.findRecentMessageUidsInMailbox(inbox));
        } finally {
            james.endRequest();
        }
    }

    /** H2 reads each answer from an index in order; ordered by UID alone it sorted every row, on disk past 40,000. */
    @Test
    void eachQueryIsAnsweredInIndexOrderWithoutASort() {
        new MessageFlagIndexes(connections);

        for (String query : List.of(MailboxUids.ALL, MailboxUids.FIRST_UNSEEN, MailboxUids.RECENT)) {
            assertThat(plan(query)).as(query).contains("/* index sorted */");
        }
        assertThat(plan("SELECT MAIL_UID FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_IS_SEEN = FALSE ORDER BY MAIL_UID"))
            .as("James's order").doesNotContain("index sorted");
    }

    private String plan(String query) {
        return connections.inTransaction(connection -> {
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + query)) {
                explain.setLong(1, rawId(inbox));
                try (ResultSet rows = explain.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    @Test
    void theServersMessageMapperListsThemWithOnePlainQuery() {
        IndexFeedingMapperFactory mappers = new IndexFeedingMapperFactory(factory, new JPAUidProvider(factory),
            new JPAModSeqProvider(factory), new RecentAppends(), new DeliveryLedger(connections, Clock.systemUTC()),
            new MailboxUids(connections), new RecentFlags(connections));
        SentSql.SENT.clear();
        MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(1), APP, Optional.of(APP), List.of(),
            '.', MailboxSession.SessionType.User);
        MessageMapper messages = mappers.createMessageMapper(session);

        List<MessageUid> uids = messages.listAllMessageUids(inbox).collectList().block();

        assertThat(uids).hasSize(109).startsWith(MessageUid.of(1), MessageUid.of(2), MessageUid.of(4))
            .endsWith(MessageUid.of(1_000));
        assertThat(SentSql.SENT).filteredOn(sql -> sql.contains("MAIL_UID"))
            .containsExactly(MailboxUids.ALL);
    }

    private static long rawId(Mailbox mailbox) {
        return ((JPAId) mailbox.getMailboxId()).getRawId();
    }
}
