package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.testing.TestPostgres;

/**
 * "A JDBC URL switches to PostgreSQL", proven in every build where PostgreSQL is installed: the most important
 * end-to-end scenarios of the other tests, run on a server whose James stores and registry are on PostgreSQL (a fresh
 * database per test on the private throw-away cluster of {@link TestPostgres}). The other tests stay on embedded H2,
 * the default an operator gets. Skipped, with the reason, when PostgreSQL is not installed.
 */
class PostgresServerTest {

    @TempDir
    Path root;

    @BeforeAll
    static void startPostgres() {
        TestPostgres.adminUrl();
    }

    @Test
    void messageSubmittedOn587ArrivesIntactOnImaps() throws Exception {
        TestHome home = TestHome.install(root, SubmissionAndRefusalsTest.DOMAIN);
        String database = PostgresDatabase.use(home.home.conf());
        GuiceJamesServer server = SubmissionAndRefusalsTest.startWithSenderAndRecipient(home);
        try {
            SubmissionAndRefusalsTest.messageSubmittedOn587ArrivesIntactOnImaps(home);
        } finally {
            server.stop();
        }
        assertStoredOnPostgresOnly(home, database, 2);
    }

    @Test
    void configurationMailboxesAndMessagesSurviveARestart() throws Exception {
        TestHome home = TestHome.install(root, RestartDurabilityTest.DOMAIN);
        String database = PostgresDatabase.use(home.home.conf());
        RestartDurabilityTest.configurationMailboxesAndMessagesSurviveARestart(home);
        assertStoredOnPostgresOnly(home, database, 2);
    }

    @Test
    void noAcceptedMessageIsLostWhenTheServerIsKilled() throws Exception {
        TestHome home = TestHome.install(root, CrashRecoveryTest.DOMAIN);
        String database = PostgresDatabase.use(home.home.conf());
        CrashRecoveryTest.noAcceptedMessageIsLostWhenTheServerIsKilled(home);
        assertStoredOnPostgresOnly(home, database, 2);
    }

    /** Users and messages are rows of the PostgreSQL database, and no embedded H2 database was created beside it. */
    private static void assertStoredOnPostgresOnly(TestHome home, String database, int users) throws Exception {
        try (Connection connection = DriverManager.getConnection(database); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM james_user")).isGreaterThanOrEqualTo(users);
            assertThat(count(statement, "SELECT count(*) FROM james_mail")).isPositive();
            assertThat(count(statement, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'mssante_mailbox'"))
                .as("the mailbox registry is on PostgreSQL too").isEqualTo(1);
        }
        assertThat(home.root().resolve("var/store/h2")).as("James's stores not on H2").doesNotExist();
        assertThat(home.root().resolve("var/mssante")).as("the registry not on H2").doesNotExist();
    }

    private static long count(Statement statement, String query) throws Exception {
        try (ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
