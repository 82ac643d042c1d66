package fr.mssante.operator.server.storage;

import java.sql.SQLException;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.openjpa.jdbc.conf.JDBCConfiguration;
import org.apache.openjpa.persistence.OpenJPAEntityManagerFactorySPI;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import fr.mssante.operator.james.JdbcTransaction;

/**
 * Plain JDBC on the database James's JPA stores use, through OpenJPA's own connection pool: tables James has no
 * entity for (vacation state, current quotas, the delivery ledger) live in the same database, under one
 * configuration, in one transaction each. The pool is used directly: an entity manager per call (what this class did
 * first) cost about 2 % of the server's CPU under load, for nothing, since no entity is involved.
 */
public class JpaConnections {
    private final DataSource dataSource;

    @Inject
    public JpaConnections(EntityManagerFactory entityManagerFactory) {
        // OpenJPA creates James's tables (SynchronizeMappings) with its first entity manager: make sure they exist.
        entityManagerFactory.createEntityManager().close();
        OpenJPAEntityManagerFactorySPI openJpa = (OpenJPAEntityManagerFactorySPI) OpenJPAPersistence.cast(entityManagerFactory);
        this.dataSource = ((JDBCConfiguration) openJpa.getConfiguration()).getDataSource(null);
    }

    /** Runs {@code work} in a transaction, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(JdbcTransaction.Work<T> work) {
        try {
            return JdbcTransaction.run(dataSource, work);
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }
}
