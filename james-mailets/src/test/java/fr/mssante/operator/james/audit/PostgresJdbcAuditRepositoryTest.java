package fr.mssante.operator.james.audit;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The audit contract on PostgreSQL, run when {@code MSSANTE_TEST_POSTGRES_URL} names a database the test may
 * wipe (e.g. {@code jdbc:postgresql://127.0.0.1:55432/mssante_test?user=postgres}). Skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = PostgresJdbcAuditRepositoryTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresJdbcAuditRepositoryTest extends AuditRepositoryContract {

    static final String URL_VARIABLE = "MSSANTE_TEST_POSTGRES_URL";
    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/mssante_test?connectTimeout=2";
    private PGSimpleDataSource last;

    private DataSource postgres(String url) {
        last = new PGSimpleDataSource();
        last.setURL(url);
        return last;
    }

    @Override
    DataSource emptyDatabase() throws Exception {
        DataSource dataSource = postgres(System.getenv(URL_VARIABLE));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS mssante_audit");
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
        return postgres(UNREACHABLE);
    }

    @Override
    void loseTheDatabase() {
        last.setURL(UNREACHABLE);
    }
}
