package fr.mssante.operator.james;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;

/**
 * Where the mailbox registry lives, read from James's {@code conf/mssante.properties}.
 * Without a URL the registry is an embedded H2 file database under the server's {@code var/} directory.
 */
public record RegistryDatabaseConfiguration(String jdbcUrl, Optional<String> user, Optional<String> password, int maxPoolSize) {

    public static final String URL = "mssante.jdbc.url";
    public static final String USER = "mssante.jdbc.user";
    public static final String PASSWORD = "mssante.jdbc.password";
    public static final String MAX_POOL_SIZE = "mssante.jdbc.maxPoolSize";
    static final int DEFAULT_MAX_POOL_SIZE = 4;

    public RegistryDatabaseConfiguration {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(URL + " must be a JDBC URL (jdbc:...), got '" + jdbcUrl + "'");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException(MAX_POOL_SIZE + " must be >= 1, got " + maxPoolSize);
        }
    }

    public static RegistryDatabaseConfiguration defaults(Path varDirectory) {
        return new RegistryDatabaseConfiguration(defaultUrl(varDirectory), Optional.empty(), Optional.empty(), DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * H2 file database {@code var/mssante/mssante}. DB_CLOSE_ON_EXIT=FALSE: the pool closes it at James's
     * shutdown, not H2's own JVM hook, which could run while James still answers requests.
     * Opened with {@link fr.mssante.operator.james.h2.DurableH2Driver}: an acknowledged write is on disk.
     * WRITE_DELAY=500 is H2's default, written out because H2 stores it in the database and earlier versions stored 0.
     */
    public static String defaultUrl(Path varDirectory) {
        Path base = varDirectory.toAbsolutePath().normalize().resolve("mssante").resolve("mssante");
        return "jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500";
    }

    public static RegistryDatabaseConfiguration from(Configuration properties, Path varDirectory) {
        return new RegistryDatabaseConfiguration(
            raw(properties, URL).orElseGet(() -> defaultUrl(varDirectory)),
            raw(properties, USER),
            raw(properties, PASSWORD),
            properties.getInt(MAX_POOL_SIZE, DEFAULT_MAX_POOL_SIZE));
    }

    /** James's properties reader splits values on commas: join them back so a URL or password keeps its commas. */
    private static Optional<String> raw(Configuration properties, String key) {
        String[] parts = properties.getStringArray(key);
        return parts.length == 0 ? Optional.empty() : Optional.of(String.join(",", parts)).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "RegistryDatabaseConfiguration[jdbcUrl=" + jdbcUrl + ", user=" + user.orElse("") + ", password="
            + password.map(p -> "***").orElse("") + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
