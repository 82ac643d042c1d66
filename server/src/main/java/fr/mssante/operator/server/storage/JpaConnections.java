package fr.mssante.operator.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.jdbc.conf.JDBCConfiguration;
import org.apache.openjpa.lib.jdbc.DelegatingDataSource;
import org.apache.openjpa.persistence.OpenJPAEntityManagerFactorySPI;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import fr.mssante.operator.james.JdbcTransaction;
import fr.mssante.operator.james.h2.DurableH2Driver;

/**
 * Plain JDBC on the database James's JPA stores use, through OpenJPA's own connection pool: tables James has no
 * entity for (vacation state, current quotas, the delivery ledger) live in the same database, under one
 * configuration, in one transaction each. The pool is used directly: an entity manager per call (what this class did
 * first) cost about 2 % of the server's CPU under load, for nothing, since no entity is involved.
 */
public class JpaConnections {
    private final DataSource dataSource;
    private final DataSource pool;

    @Inject
    public JpaConnections(EntityManagerFactory entityManagerFactory) {
        // OpenJPA creates James's tables (SynchronizeMappings) with its first entity manager: make sure they exist.
        entityManagerFactory.createEntityManager().close();
        OpenJPAEntityManagerFactorySPI openJpa = (OpenJPAEntityManagerFactorySPI) OpenJPAPersistence.cast(entityManagerFactory);
        this.dataSource = ((JDBCConfiguration) openJpa.getConfiguration()).getDataSource(null);
        // OpenJPA's decorators (SQL logging, JDBC listeners) stay on the work above; they answer isWrapperFor false for
        // what they wrap, which hides the H2 session DurableH2Driver needs to await asynchronous commits.
        this.pool = dataSource instanceof DelegatingDataSource decorated ? decorated.getInnermostDelegate() : dataSource;
    }

    /** Runs {@code work} in a transaction, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(JdbcTransaction.Work<T> work) {
        return unchecked(() -> JdbcTransaction.run(dataSource, work));
    }

    /** Returns once every commit made without waiting for the disk ({@link DurableH2Driver}) is on disk. */
    public void awaitAsynchronousCommits() {
        try (Connection connection = pool.getConnection()) {
            DurableH2Driver.awaitAsynchronousCommits(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }

    /** As {@link #inTransaction}, with a commit that does not wait for the disk: for data rebuilt after a crash. */
    public <T> T inTransactionCommittingAsynchronously(JdbcTransaction.Work<T> work) {
        return unchecked(() -> JdbcTransaction.runCommittingAsynchronously(dataSource, work));
    }

    private static <T> T unchecked(DurableH2Driver.Work<T, SQLException> call) {
        try {
            return call.run();
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }
}
