package fr.mssante.operator.james.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is in the database file the moment a commit returns: a copy taken then is what a SIGKILL or a power cut
 * would leave (the fsync itself cannot be observed from here). H2's background writer is held off for a minute, so
 * only the driver can have written the commit.
 */
class DurableH2DriverTest {
    private static final String SETTINGS = ";WRITE_DELAY=60000;DB_CLOSE_ON_EXIT=FALSE";

    @TempDir
    Path directory;

    @Test
    void aCommittedTransactionIsInTheFileWhenCommitReturns() throws Exception {
        assertThat(rowsInFileAfterOneCommit(new DurableH2Driver(), "durable")).isEqualTo(1);
    }

    @Test
    void withH2sOwnDriverTheSameCommitIsNotYetInTheFile() throws Exception {
        assertThat(rowsInFileAfterOneCommit(new org.h2.Driver(), "plain")).isLessThan(1);
    }

    @Test
    void anAutoCommittedStatementIsInTheFileWhenItReturns() throws Exception {
        try (Connection connection = connect(new DurableH2Driver(), "auto")) {
            createTable(connection);
            insert(connection, "mail-1");

            assertThat(rowsInCopyOf("auto")).isEqualTo(1);
        }
    }

    @Test
    void turningAutoCommitBackOnCommitsAndSyncs() throws Exception {
        try (Connection connection = connect(new DurableH2Driver(), "switch")) {
            createTable(connection);
            connection.setAutoCommit(false);
            insert(connection, "mail-1");
            connection.setAutoCommit(true);

            assertThat(rowsInCopyOf("switch")).isEqualTo(1);
        }
    }

    @Test
    void readOnlyAndRolledBackTransactionsDoNotWaitForTheDisk() throws Exception {
        try (Connection connection = connect(new DurableH2Driver(), "reads")) {
            createTable(connection);
            insert(connection, "mail-1");
            long before = DurableH2Driver.syncs(connection);

            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM mail")) {
                assertThat(rows.next()).isTrue();
            }
            connection.commit();
            insert(connection, "mail-2");
            connection.rollback();
            connection.commit();

            assertThat(DurableH2Driver.syncs(connection)).isEqualTo(before);
        }
    }

    @Test
    void anAsynchronousCommitDoesNotWaitAndIsOnDiskOnceAwaited() throws Exception {
        try (Connection connection = connect(new DurableH2Driver(), "async")) {
            createTable(connection);
            DurableH2Driver.awaitAsynchronousCommits(connection);
            long before = DurableH2Driver.syncs(connection);
            assertThat(before).isPositive();
            DurableH2Driver.awaitAsynchronousCommits(connection);
            assertThat(DurableH2Driver.syncs(connection)).as("nothing pending, no sync").isEqualTo(before);

            connection.setAutoCommit(false);
            insert(connection, "delivered-mail");
            DurableH2Driver.committingAsynchronously(() -> {
                connection.commit();
                return null;
            });
            assertThat(DurableH2Driver.syncs(connection)).as("the commit did not wait").isEqualTo(before);
            try (Connection other = connect(new DurableH2Driver(), "async");
                 Statement statement = other.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM mail")) {
                rows.next();
                assertThat(rows.getInt(1)).as("committed, visible to other sessions").isEqualTo(1);
            }

            DurableH2Driver.awaitAsynchronousCommits(connection);
            assertThat(rowsInCopyOf("async")).as("on disk once awaited").isEqualTo(1);
            assertThat(DurableH2Driver.syncs(connection)).isEqualTo(before + 1);
            DurableH2Driver.awaitAsynchronousCommits(connection);
            assertThat(DurableH2Driver.syncs(connection)).as("covered: no second sync").isEqualTo(before + 1);
        }
    }

    @Test
    void statementsAnswerTheDurableConnection() throws Exception {
        try (Connection connection = connect(new DurableH2Driver(), "identity");
             PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            assertThat(statement.getConnection()).isSameAs(connection);
            assertThat(connection).isEqualTo(connection).isNotEqualTo(statement.getConnection().unwrap(Connection.class));
        }
    }

    @Test
    void anH2ServerUrlIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new DurableH2Driver().connect("jdbc:h2:tcp://127.0.0.1:1/nowhere", new Properties()))
            .isInstanceOf(SQLException.class)
            .satisfiesAnyOf(
                e -> assertThat(e).hasMessageContaining("syncs embedded H2 databases only"),
                e -> assertThat(e).hasMessageContaining("Connection is broken"));
    }

    @Test
    void otherUrlsAreLeftToTheirDrivers() throws Exception {
        Driver driver = new DurableH2Driver();
        assertThat(driver.acceptsURL("jdbc:postgresql://127.0.0.1/james")).isFalse();
        assertThat(driver.connect("jdbc:postgresql://127.0.0.1/james", new Properties())).isNull();
    }

    /** Creates a table, commits one row in an explicit transaction and returns the rows a copy of the file holds. */
    private int rowsInFileAfterOneCommit(Driver driver, String name) throws Exception {
        try (Connection connection = connect(driver, name)) {
            createTable(connection);
            connection.setAutoCommit(false);
            insert(connection, "mail-1");
            connection.commit();
            return rowsInCopyOf(name);
        }
    }

    private Connection connect(Driver driver, String name) throws SQLException {
        Connection connection = driver.connect("jdbc:h2:file:" + directory.resolve(name) + SETTINGS, new Properties());
        assertThat(connection).isNotNull();
        return connection;
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE mail (id VARCHAR(64) PRIMARY KEY)");
        }
    }

    private static void insert(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO mail VALUES (?)")) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
    }

    /** Rows of table MAIL in a copy of the database file as it is now; -1 if the copy has no such table yet. */
    private int rowsInCopyOf(String name) throws Exception {
        Path copy = directory.resolve("copy-of-" + name);
        Files.copy(directory.resolve(name + ".mv.db"), directory.resolve("copy-of-" + name + ".mv.db"));
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + copy, new Properties());
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                 "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'MAIL'")) {
            tables.next();
            if (tables.getInt(1) == 0) {
                return -1;
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM mail")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
