package fr.mssante.operator.server.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import fr.mssante.operator.james.h2.DurableH2Driver;

/** The server's persistence unit on a private in-memory H2 database, for tests of one store class. */
public final class H2Units {
    private H2Units() {
    }

    public static EntityManagerFactory inMemory() {
        return inMemory(Map.of());
    }

    /**
     * On an H2 file through {@code DurableH2Driver} and OpenJPA's connection pool, configured as
     * conf/james-database.properties configures the server.
     */
    public static EntityManagerFactory durableFile(Path directory) {
        return inMemory(Map.of(
            "openjpa.ConnectionDriverName", "fr.mssante.operator.james.h2.DurableH2Driver",
            "openjpa.ConnectionURL", durableFileUrl(directory),
            "openjpa.ConnectionProperties", "MaxTotal=40,MaxIdle=40,PoolPreparedStatements=true,MaxOpenPreparedStatements=200"));
    }

    /** How many syncs the database of {@link #durableFile} has done (a connection in the same JVM shares its state). */
    public static long syncs(Path directory) {
        try (Connection connection = new DurableH2Driver().connect(durableFileUrl(directory), new Properties())) {
            return DurableH2Driver.syncs(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String durableFileUrl(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("james") + ";NON_KEYWORDS=VALUE;WRITE_DELAY=500";
    }

    /** With more OpenJPA properties, for instance {@code openjpa.jdbc.JDBCListeners}. */
    public static EntityManagerFactory inMemory(Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.of(
            "openjpa.ConnectionDriverName", "org.h2.Driver",
            "openjpa.ConnectionURL", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE",
            "openjpa.jdbc.DBDictionary", "h2(BooleanRepresentation=BOOLEAN,TimestampWithZoneTypeName=TIMESTAMP)",
            "openjpa.Multithreaded", "true",
            "openjpa.Log", "slf4j"));
        properties.putAll(more);
        return Persistence.createEntityManagerFactory("Global", properties);
    }
}
