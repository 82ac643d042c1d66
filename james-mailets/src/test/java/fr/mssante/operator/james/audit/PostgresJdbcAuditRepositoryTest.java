package fr.mssante.operator.james.audit;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import fr.mssante.operator.james.testing.TestPostgres;

/**
 * The audit contract on PostgreSQL, in every build where PostgreSQL is installed: on a private throw-away cluster, or
 * on the database {@code MSSANTE_TEST_POSTGRES_URL} names (which the test may wipe). Skipped, with the reason, else.
 */
class PostgresJdbcAuditRepositoryTest extends AuditRepositoryContract {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/mssante_test?connectTimeout=2";
    private static String url;
    private PGSimpleDataSource last;

    @BeforeAll
    static void startPostgres() {
        url = TestPostgres.adminUrl();
    }

    private DataSource postgres(String url) {
        last = new PGSimpleDataSource();
        last.setURL(url);
        return last;
    }

    @Override
    DataSource emptyDatabase() throws Exception {
        DataSource dataSource = postgres(url);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS mssante_audit");
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
        return postgres(UNREACHABLE);
    }

    @Override
    void loseTheDatabase() {
        last.setURL(UNREACHABLE);
    }
}
