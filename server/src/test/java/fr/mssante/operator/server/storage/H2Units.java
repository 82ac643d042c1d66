package fr.mssante.operator.server.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

/** The server's persistence unit on a private in-memory H2 database, for tests of one store class. */
public final class H2Units {
    private H2Units() {
    }

    public static EntityManagerFactory inMemory() {
        return inMemory(Map.of());
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
