package fr.mssante.operator.james.registry;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same contract on PostgreSQL, run when {@code MSSANTE_TEST_POSTGRES_URL} names a database the test may
 * wipe (e.g. {@code jdbc:postgresql://127.0.0.1:55432/mssante_test?user=postgres}). Skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = PostgresJdbcMailboxRegistryTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresJdbcMailboxRegistryTest extends MailboxRegistryContract {

    static final String URL_VARIABLE = "MSSANTE_TEST_POSTGRES_URL";

    private static DataSource postgres(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    @Override
    DataSource emptyDatabase() throws Exception {
        DataSource dataSource = sameDatabaseReopened();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS mssante_mailbox");
        }
        return dataSource;
    }

    @Override
    DataSource sameDatabaseReopened() {
        return postgres(System.getenv(URL_VARIABLE));
    }

    @Override
    DataSource unreachableDatabase() {
        // Port 1 is reserved and closed: connecting is refused at once.
        return postgres("jdbc:postgresql://127.0.0.1:1/mssante_test?connectTimeout=2");
    }
}
