package fr.mssante.operator.james;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import fr.mssante.operator.james.h2.DurableH2Driver;

/** One unit of JDBC work in one transaction, on a pooled connection handed back as it was found. */
public final class JdbcTransaction {
    /** The work, given the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private JdbcTransaction() {
    }

    /** Runs {@code work}: committed when it returns, rolled back when it throws. */
    public static <T> T run(DataSource dataSource, Work<T> work) throws SQLException {
        return run(dataSource, work, Connection::commit);
    }

    /**
     * As {@link #run}, but the commit does not wait for the disk ({@link DurableH2Driver#committingAsynchronously},
     * PostgreSQL with {@code synchronous_commit} off for this transaction): a crash may lose the transaction, never
     * part of it. Only for data rebuilt after a crash anyway.
     */
    public static <T> T runCommittingAsynchronously(DataSource dataSource, Work<T> work) throws SQLException {
        return run(dataSource, work, JdbcTransaction::commitAsynchronously);
    }

    private interface Commit {
        void commit(Connection connection) throws SQLException;
    }

    private static void commitAsynchronously(Connection connection) throws SQLException {
        if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
        DurableH2Driver.committingAsynchronously(() -> {
            connection.commit();
            return null;
        });
    }

    private static <T> T run(DataSource dataSource, Work<T> work, Commit commit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                commit.commit(connection);
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
