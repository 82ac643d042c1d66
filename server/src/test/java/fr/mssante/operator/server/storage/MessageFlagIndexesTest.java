package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.openjpa.lib.jdbc.AbstractJDBCListener;
import org.apache.openjpa.lib.jdbc.JDBCEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flag queries James runs for IMAP STATUS, SELECT and EXAMINE, captured as OpenJPA sends them to H2, and the plan
 * H2 chooses for each: before the indexes, the plan walks the flag's index (every unseen or recent message of the
 * server); after, the mailbox's entries only.
 */
class MessageFlagIndexesTest {
    static final List<String> SENT = new CopyOnWriteArrayList<>();
    static final int BIG_MAILBOX_MESSAGES = 3000;

    /** Records the SQL OpenJPA executes (configured by class name, so its state is static). */
    public static class SentSql extends AbstractJDBCListener {
        @Override
        public void beforeExecuteStatement(JDBCEvent event) {
            SENT.add(event.getSQL());
        }
    }

    EntityManagerFactory factory;
    JpaConnections connections;
    Mailbox cabinet;

    @BeforeEach
    void fill() throws Exception {
        factory = H2Units.inMemory(Map.of("openjpa.jdbc.JDBCListeners", SentSql.class.getName()));
        connections = new JpaConnections(factory);
        cabinet = create(MailboxPath.inbox(Username.of("medecin@demo.mssante.test")));
        Mailbox app = create(MailboxPath.inbox(Username.of("dpi@demo.mssante.test")));
        insert(app, 1, BIG_MAILBOX_MESSAGES, false);
        insert(cabinet, 1, 1, true);
        insert(cabinet, 2, 3, false);
        connections.inTransaction(connection -> connection.createStatement().execute("ANALYZE"));
        SENT.clear();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void withoutTheIndexesACountOfOneMailboxWalksTheUnseenMessagesOfAllOfThem() throws Exception {
        ask(cabinet);

        assertThat(plansOf("MAIL_IS_SEEN")).allSatisfy(plan -> assertThat(plan).contains("I_JMS_MIL_MAIL_IS_SEEN"));
        assertThat(plansOf("MAIL_IS_RECENT")).allSatisfy(plan -> assertThat(plan).contains("I_JMS_MIL_MAIL_IS_RECENT"));
    }

    @Test
    void theFlagQueriesOfOneMailboxReadItsEntriesOnly() throws Exception {
        new MessageFlagIndexes(connections);

        Answers answers = ask(cabinet);

        assertThat(answers.counters().getCount()).isEqualTo(3);
        assertThat(answers.counters().getUnseen()).isEqualTo(2);
        assertThat(answers.firstUnseen()).isEqualTo(MessageUid.of(2));
        assertThat(answers.recent()).hasSize(3);
        assertThat(statementsOn("MAIL_IS_SEEN")).as("the unseen count and the first unseen").hasSize(2);
        assertThat(plansOf("MAIL_IS_SEEN")).allSatisfy(plan -> assertThat(plan).contains("MSSANTE_MAIL_UNSEEN: MAILBOX_ID ="));
        assertThat(plansOf("MAIL_IS_RECENT")).allSatisfy(plan -> assertThat(plan).contains("MSSANTE_MAIL_RECENT: MAILBOX_ID ="));
    }

    @Test
    void aSecondStartFindsThemAndCreatesNothing() {
        new MessageFlagIndexes(connections);
        assertThat(SENT).filteredOn(sql -> sql.startsWith("CREATE INDEX")).hasSize(2);
        SENT.clear();

        new MessageFlagIndexes(connections);

        assertThat(SENT).filteredOn(sql -> sql.startsWith("CREATE INDEX")).isEmpty();
        assertThat(indexesOnTheMessageTable()).containsAll(List.of("MSSANTE_MAIL_UNSEEN", "MSSANTE_MAIL_RECENT"));
    }

    record Answers(MailboxCounters counters, MessageUid firstUnseen, List<MessageUid> recent) {
    }

    private Answers ask(Mailbox mailbox) throws Exception {
        JPAMessageMapper messages = new JPAMessageMapper(new JPAUidProvider(factory), new JPAModSeqProvider(factory), factory);
        try {
            return new Answers(messages.getMailboxCounters(mailbox), messages.findFirstUnseenMessageUid(mailbox),
                messages.findRecentMessageUidsInMailbox(mailbox));
        } finally {
            messages.endRequest();
        }
    }

    /** The statements sent so far that filter on this flag column (not those that only read it). */
    private static List<String> statementsOn(String flagColumn) {
        return SENT.stream().filter(sql -> !sql.startsWith("EXPLAIN") && sql.contains("t0." + flagColumn + " = ")).toList();
    }

    /** H2's plan for each statement OpenJPA sent that filters on this flag (parameters bound to any value). */
    private List<String> plansOf(String flagColumn) {
        List<String> statements = statementsOn(flagColumn);
        assertThat(statements).as("statements on " + flagColumn).isNotEmpty();
        return statements.stream().map(sql -> connections.inTransaction(connection -> explain(connection, sql))).toList();
    }

    private static String explain(Connection connection, String sql) throws java.sql.SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            ParameterMetaData parameters = explain.getParameterMetaData();
            for (int i = 1; i <= parameters.getParameterCount(); i++) {
                if (parameters.getParameterType(i) == Types.BOOLEAN) {
                    explain.setBoolean(i, false);
                } else {
                    explain.setLong(i, 1);
                }
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                return plan.getString(1);
            }
        }
    }

    private List<String> indexesOnTheMessageTable() {
        return connections.inTransaction(connection -> {
            List<String> names = new java.util.ArrayList<>();
            try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, "JAMES_MAIL", false, true)) {
                while (indexes.next()) {
                    names.add(indexes.getString("INDEX_NAME"));
                }
            }
            return names;
        });
    }

    private Mailbox create(MailboxPath path) throws Exception {
        JPAMailboxMapper mapper = new JPAMailboxMapper(factory);
        try {
            return mapper.execute(() -> mapper.create(path, UidValidity.of(7)).block());
        } finally {
            mapper.endRequest();
        }
    }

    /** Messages {@code from}..{@code to} (UIDs), recent, seen or not; content is irrelevant to these queries. */
    private void insert(Mailbox mailbox, long from, long to, boolean seen) {
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
