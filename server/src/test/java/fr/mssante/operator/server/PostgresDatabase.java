package fr.mssante.operator.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mssante.operator.james.testing.TestPostgres;

/**
 * Puts a test server on a fresh PostgreSQL database, the way an operator switches: the JDBC URL, driver and OpenJPA
 * dictionary of conf/james-database.properties, and the registry's URL in conf/mssante.properties (every other setting
 * of the templates is kept). {@link PostgresServerTest} does it explicitly; with {@code MSSANTE_TEST_POSTGRES_URL}
 * set, every test home does it (a manual run of all the server tests on PostgreSQL). Unset, the other tests stay on
 * the default embedded H2.
 */
final class PostgresDatabase {

    private PostgresDatabase() {
    }

    /** Every test home on PostgreSQL when {@code MSSANTE_TEST_POSTGRES_URL} is set; nothing otherwise. */
    static void useIfRequested(Path conf) throws IOException, SQLException {
        String requested = System.getenv(TestPostgres.URL_VARIABLE);
        if (requested != null && !requested.isBlank()) {
            use(conf);
        }
    }

    /** A new database on {@link TestPostgres} (skips the test when there is none); returns its JDBC URL. */
    static String use(Path conf) throws IOException, SQLException {
        String adminUrl = TestPostgres.adminUrl();
        String database = "mssante_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        Path james = conf.resolve("james-database.properties");
        // The user is in the URL: an empty database.username would override it.
        Files.writeString(james, Files.readString(james).replaceAll("(?m)^database\\.(username|password)=.*\\R", ""));
        rewrite(james,
            "database\\.driverClassName=.*", "database.driverClassName=org.postgresql.Driver",
            "database\\.url=.*", "database.url=" + url,
            "openjpa\\.jdbc\\.DBDictionary=.*", "openjpa.jdbc.DBDictionary=postgres");
        rewrite(conf.resolve("mssante.properties"), "mssante\\.jdbc\\.url=.*", "mssante.jdbc.url=" + url);
        System.out.println("mssante.test.database " + url);
        return url;
    }

    /** Replaces whole lines ({@code pattern, replacement} pairs); fails if a line is not in the template any more. */
    private static void rewrite(Path file, String... patternsAndReplacements) throws IOException {
        String content = Files.readString(file);
        for (int i = 0; i < patternsAndReplacements.length; i += 2) {
            Matcher line = Pattern.compile("(?m)^" + patternsAndReplacements[i]).matcher(content);
            if (!line.find()) {
                throw new IllegalStateException(file + " has no line " + patternsAndReplacements[i] + " to switch to PostgreSQL");
            }
            content = line.replaceAll(Matcher.quoteReplacement(patternsAndReplacements[i + 1]));
        }
        Files.writeString(file, content);
    }
}
