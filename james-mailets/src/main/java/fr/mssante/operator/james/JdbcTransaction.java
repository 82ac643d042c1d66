package fr.mssante.operator.james;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

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
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
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
