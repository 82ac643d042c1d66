package fr.mssante.operator.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Opt-in: when {@code MSSANTE_TEST_POSTGRES_URL} names a PostgreSQL server (a JDBC URL to a database the test user
 * may create databases from, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), every test
 * server gets a fresh database there instead of embedded H2: the same tests then check the "JDBC URL switches to
 * PostgreSQL" path of conf/james-database.properties. Unset (CI), nothing changes.
 */
final class PostgresDatabase {
    static final String URL_VARIABLE = "MSSANTE_TEST_POSTGRES_URL";

    private PostgresDatabase() {
    }

    /** Points the home's James database at a new PostgreSQL database when the variable is set. */
    static void useIfRequested(Path conf) throws IOException, SQLException {
        String adminUrl = System.getenv(URL_VARIABLE);
        if (adminUrl == null || adminUrl.isBlank()) {
            return;
        }
        String database = "mssante_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        Files.writeString(conf.resolve("james-database.properties"), String.join("\n",
            "database.driverClassName=org.postgresql.Driver",
            "database.url=" + url,
            "openjpa.Log=slf4j",
            "openjpa.jdbc.DBDictionary=postgres",
            "openjpa.ConnectionProperties=MaxTotal=40\\,MaxIdle=40\\,PoolPreparedStatements=true\\,MaxOpenPreparedStatements=200",
            ""));
        System.out.println("mssante.test.database " + url);
    }
}
