package fr.mssante.operator.james;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.mssante.operator.james.h2.DurableH2Driver;

/** The registry's connection pool. Opened eagerly so a wrong URL or password stops James at start. */
public class RegistryDatabase implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryDatabase.class);

    private static final String H2_URL = "jdbc:h2:";

    private final HikariDataSource pool;

    @Inject
    public RegistryDatabase(RegistryDatabaseConfiguration configuration) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("mssante-registry");
        hikari.setJdbcUrl(configuration.jdbcUrl());
        if (configuration.jdbcUrl().startsWith(H2_URL)) {
            // Writes (registry, audit trail) are acknowledged only once on disk.
            hikari.setDriverClassName(DurableH2Driver.loadedClassName());
        }
        configuration.user().ifPresent(hikari::setUsername);
        configuration.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(configuration.maxPoolSize());
        hikari.setMinimumIdle(1);
        this.pool = new HikariDataSource(hikari);
        LOGGER.info("mailbox registry database opened: {}", configuration.jdbcUrl());
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isClosed() {
        return pool.isClosed();
    }

    @PreDestroy
    @Override
    public void close() {
        if (!pool.isClosed()) {
            pool.close();
            LOGGER.info("mailbox registry database closed");
        }
    }
}
