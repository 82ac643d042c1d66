package fr.mssante.operator.james.audit;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;

/** The audit contract on the default H2 file database, through the registry's pool. */
class JdbcAuditRepositoryTest extends AuditRepositoryContract {

    @TempDir
    Path var;
    private RegistryDatabase database;

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    DataSource emptyDatabase() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        return database.dataSource();
    }

    @Override
    DataSource sameDatabaseReopened() {
        database.close();
        return emptyDatabase();
    }

    @Override
    DataSource unreachableDatabase() {
        RegistryDatabase closed = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var.resolve("other")));
        closed.close();
        return closed.dataSource();
    }

    @Override
    void loseTheDatabase() {
        database.close();
    }
}
