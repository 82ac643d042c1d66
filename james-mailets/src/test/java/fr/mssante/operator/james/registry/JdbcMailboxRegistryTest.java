package fr.mssante.operator.james.registry;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The registry on an embedded H2 file database in a temporary directory, as the server runs it by default. */
class JdbcMailboxRegistryTest extends MailboxRegistryContract {

    @TempDir
    Path dir;

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    @Override
    DataSource emptyDatabase() {
        return sameDatabaseReopened();
    }

    @Override
    DataSource sameDatabaseReopened() {
        return h2("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
    }

    @Override
    DataSource unreachableDatabase() {
        return h2("jdbc:h2:file:" + dir.resolve("missing").toAbsolutePath() + ";IFEXISTS=TRUE");
    }
}
