package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flag queries James runs for IMAP STATUS, SELECT and EXAMINE, captured as OpenJPA sends them to H2, and the plan
 * H2 chooses for each: before the indexes, the plan walks the flag's index (every unseen or recent message of the
 * server); after, the mailbox's entries only.
 */
class MessageFlagIndexesTest {
    static final int BIG_MAILBOX_MESSAGES = 3000;

    EntityManagerFactory factory;
    JpaConnections connections;
    Mailbox cabinet;

    @BeforeEach
    void fill() throws Exception {
        factory = H2Units.inMemory(SentSql.PROPERTY);
        connections = new JpaConnections(factory);
        cabinet = MessageRows.createMailbox(factory, MailboxPath.inbox(Username.of("medecin@demo.mssante.test")));
        Mailbox app = MessageRows.createMailbox(factory, MailboxPath.inbox(Username.of("dpi@demo.mssante.test")));
        MessageRows.insert(connections, app, 1, BIG_MAILBOX_MESSAGES, false);
        MessageRows.insert(connections, cabinet, 1, 1, true);
        MessageRows.insert(connections, cabinet, 2, 3, false);
        connections.inTransaction(connection -> connection.createStatement().execute("ANALYZE"));
        SentSql.SENT.clear();
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
        assertThat(SentSql.SENT).filteredOn(sql -> sql.startsWith("CREATE INDEX")).hasSize(2);
        SentSql.SENT.clear();

        new MessageFlagIndexes(connections);

        assertThat(SentSql.SENT).filteredOn(sql -> sql.startsWith("CREATE INDEX")).isEmpty();
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
        return SentSql.SENT.stream().filter(sql -> !sql.startsWith("EXPLAIN") && sql.contains("t0." + flagColumn + " = ")).toList();
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
}
