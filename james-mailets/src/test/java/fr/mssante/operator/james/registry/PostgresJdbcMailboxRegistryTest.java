package fr.mssante.operator.james.registry;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import fr.mssante.operator.james.testing.TestPostgres;

/**
 * The same contract on PostgreSQL, in every build where PostgreSQL is installed: on a private throw-away cluster, or
 * on the database {@code MSSANTE_TEST_POSTGRES_URL} names (which the test may wipe). Skipped, with the reason, else.
 */
class PostgresJdbcMailboxRegistryTest extends MailboxRegistryContract {

    private static String url;

    @BeforeAll
    static void startPostgres() {
        url = TestPostgres.adminUrl();
    }

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
        return postgres(url);
    }

    @Override
    DataSource unreachableDatabase() {
        // Port 1 is reserved and closed: connecting is refused at once.
        return postgres("jdbc:postgresql://127.0.0.1:1/mssante_test?connectTimeout=2");
    }
}
