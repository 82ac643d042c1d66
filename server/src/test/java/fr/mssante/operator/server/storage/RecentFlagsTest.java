package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentFlagsTest {
    static final Username APP = Username.of("dpi@demo.mssante.test");

    EntityManagerFactory factory;
    JpaConnections connections;
    JPAModSeqProvider modSeqs;
    Mailbox inbox;
    Mailbox twin;
    Mailbox other;

    /** The same messages in {@code inbox} and {@code twin}: cleared by ours in one, by James's mapper in the other. */
    @BeforeEach
    void fill() throws Exception {
        factory = H2Units.inMemory(SentSql.PROPERTY);
        connections = new JpaConnections(factory);
        new MessageFlagIndexes(connections);
        modSeqs = new JPAModSeqProvider(factory);
        inbox = MessageRows.createMailbox(factory, MailboxPath.inbox(APP));
        twin = MessageRows.createMailbox(factory, MailboxPath.forUser(APP, "Jumeau"));
        other = MessageRows.createMailbox(factory, MailboxPath.forUser(APP, "Archives"));
        AtomicInteger userFlagIds = new AtomicInteger(1_000);
        for (Mailbox mailbox : List.of(inbox, twin)) {
            // Recent: 1-40 and 61-100 (two runs of UIDs); 41-60 already seen by a SELECT; a few with other flags.
            MessageRows.insert(connections, mailbox, 1, 100, false);
            connections.inTransaction(connection -> {
                try (Statement update = connection.createStatement()) {
                    String where = " WHERE MAILBOX_ID = " + rawId(mailbox) + " AND MAIL_UID";
                    update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_RECENT = FALSE" + where + " BETWEEN 41 AND 60");
                    update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_SEEN = TRUE, MAIL_IS_ANSWERED = TRUE" + where + " IN (2, 45, 70)");
                    update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_FLAGGED = TRUE, MAIL_IS_DRAFT = TRUE" + where + " IN (3, 99)");
                    update.executeUpdate("UPDATE JAMES_MAIL SET MAIL_IS_DELETED = TRUE" + where + " = 100");
                }
                try (PreparedStatement flag = connection.prepareStatement("INSERT INTO JAMES_MAIL_USERFLAG"
                    + " (USERFLAG_ID, MAILBOX_ID, MAIL_UID, USERFLAG_NAME) VALUES (?, ?, ?, ?)")) {
                    for (Object[] row : new Object[][] {{2L, "$Transmis"}, {2L, "$Urgent"}, {50L, "$Transmis"}, {64L, "$Urgent"}}) {
                        flag.setLong(1, userFlagIds.incrementAndGet());
                        flag.setLong(2, rawId(mailbox));
                        flag.setLong(3, (Long) row[0]);
                        flag.setString(4, (String) row[1]);
                        flag.addBatch();
                    }
                    flag.executeBatch();
                }
                return null;
            });
        }
        MessageRows.insert(connections, other, 1, 30, false);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void clearsRecentAsJamessMapperDoesWithTheSameAnswer() throws Exception {
        List<UpdatedFlags> ours = new RecentFlags(connections).clear(id(inbox), () -> modSeqs.nextModSeq(inbox));
        JPAMessageMapper james = new JPAMessageMapper(new JPAUidProvider(factory), modSeqs, factory);
        List<UpdatedFlags> theirs;
        try {
            theirs = james.execute(() -> james.resetRecent(twin));
        } finally {
            james.endRequest();
        }

        assertThat(ours).hasSize(80);
        assertThat(describe(ours)).containsExactlyElementsOf(describe(theirs));
        // One mod-sequence for the whole SELECT; James took one per run of UIDs (1-40, 61-100).
        assertThat(ours).extracting(UpdatedFlags::getModSeq).containsOnly(ModSeq.of(1));
        assertThat(theirs).extracting(UpdatedFlags::getModSeq).containsOnly(ModSeq.of(1), ModSeq.of(2));
        assertThat(ours.get(1).getNewFlags().getUserFlags()).containsExactlyInAnyOrder("$Transmis", "$Urgent");
        assertThat(withoutModSeq(rows(inbox))).isEqualTo(withoutModSeq(rows(twin)));
        assertThat(rows(inbox).values()).allMatch(row -> row.startsWith("recent=false"));
    }

    @Test
    void leavesOtherMailboxesAndMessagesNotRecentAsTheyWere() throws Exception {
        Map<Long, String> before = rows(inbox);

        new RecentFlags(connections).clear(id(inbox), () -> modSeqs.nextModSeq(inbox));

        Map<Long, String> after = rows(inbox);
        for (long uid = 41; uid <= 60; uid++) {
            assertThat(after.get(uid)).as("UID %d", uid).isEqualTo(before.get(uid));
        }
        assertThat(after.get(70L)).isEqualTo("recent=false seen=true answered=true flagged=false draft=false deleted=false modseq=1");
        assertThat(rows(other).values()).hasSize(30).allMatch(row -> row.startsWith("recent=true"));
        assertThat(modSeqs.highestModSeq(inbox)).isEqualTo(ModSeq.of(1));
        assertThat(modSeqs.highestModSeq(other)).isEqualTo(ModSeq.of(0));
    }

    /** A SELECT of a mailbox with nothing recent must not move its HIGHESTMODSEQ: CONDSTORE clients would resync. */
    @Test
    void aMailboxWithNothingRecentKeepsItsModSeq() throws Exception {
        RecentFlags recentFlags = new RecentFlags(connections);
        recentFlags.clear(id(inbox), () -> modSeqs.nextModSeq(inbox));

        List<UpdatedFlags> again = recentFlags.clear(id(inbox), () -> {
            throw new AssertionError("no mod-sequence is needed when nothing changes");
        });

        assertThat(again).isEmpty();
        assertThat(modSeqs.highestModSeq(inbox)).isEqualTo(ModSeq.of(1));
    }

    @Test
    void aFailureToTakeAModSeqChangesNothing() throws Exception {
        Map<Long, String> before = rows(inbox);

        assertThatThrownBy(() -> new RecentFlags(connections).clear(id(inbox), () -> {
            throw new MailboxException("mailbox row locked");
        })).hasMessageContaining("Cannot take the mailbox's next mod-sequence: mailbox row locked");

        assertThat(rows(inbox)).isEqualTo(before);
    }

    @Test
    void readsTheRecentRowsInIndexOrderWithoutASort() {
        String plan = connections.inTransaction(connection -> {
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + RecentFlags.RECENT)) {
                explain.setLong(1, rawId(inbox));
                try (ResultSet rows = explain.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });

        assertThat(plan).contains("MSSANTE_MAIL_RECENT").contains("/* index sorted */");
    }

    /** UID, flags before, flags after: all of James's answer but its message ids, which are new objects each time. */
    private static List<List<Object>> describe(List<UpdatedFlags> changes) {
        return changes.stream()
            .map(change -> List.<Object>of(change.getUid(), change.getOldFlags(), change.getNewFlags()))
            .toList();
    }

    private static Map<Long, String> withoutModSeq(Map<Long, String> rows) {
        Map<Long, String> flags = new TreeMap<>();
        rows.forEach((uid, row) -> flags.put(uid, row.replaceAll(" modseq=\\d+", "")));
        return flags;
    }

    /** Each message's flags and mod-sequence as stored, by UID. */
    private Map<Long, String> rows(Mailbox mailbox) {
        return connections.inTransaction(connection -> {
            Map<Long, String> rows = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT MAIL_UID, MAIL_IS_RECENT, MAIL_IS_SEEN,"
                + " MAIL_IS_ANSWERED, MAIL_IS_FLAGGED, MAIL_IS_DRAFT, MAIL_IS_DELETED, MAIL_MODSEQ FROM JAMES_MAIL"
                + " WHERE MAILBOX_ID = ?")) {
                query.setLong(1, rawId(mailbox));
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.put(row.getLong(1), "recent=" + row.getBoolean(2) + " seen=" + row.getBoolean(3)
                            + " answered=" + row.getBoolean(4) + " flagged=" + row.getBoolean(5) + " draft="
                            + row.getBoolean(6) + " deleted=" + row.getBoolean(7) + " modseq=" + row.getLong(8));
                    }
                }
            }
            return rows;
        });
    }

    private static JPAId id(Mailbox mailbox) {
        return (JPAId) mailbox.getMailboxId();
    }

    private static long rawId(Mailbox mailbox) {
        return id(mailbox).getRawId();
    }
}
