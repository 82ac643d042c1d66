package fr.mssante.operator.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.openjpa.persistence.OpenJPAEntityManager;
import org.apache.openjpa.persistence.OpenJPAPersistence;

/**
 * Plain JDBC on the database James's JPA stores use, through OpenJPA's own connection pool: tables James has no
 * entity for (vacation state) live in the same database, under one configuration, in one transaction each.
 */
public class JpaConnections {
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaConnections(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    /** Runs {@code work} in a transaction, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            OpenJPAEntityManager openJpa = OpenJPAPersistence.cast(entityManager);
            T result = work.apply((Connection) openJpa.getConnection());
            entityManager.getTransaction().commit();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }
}
