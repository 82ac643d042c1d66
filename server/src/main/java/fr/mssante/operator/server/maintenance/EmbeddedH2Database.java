package fr.mssante.operator.server.maintenance;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An embedded H2 file database of a server home, as its configuration names it: {@code jdbc:h2:file:BASE;OPTIONS}
 * is stored in {@code BASE.mv.db}.
 */
public record EmbeddedH2Database(String name, String jdbcUrl, String user, String password) {
    private static final String FILE_PREFIX = "jdbc:h2:file:";

    /** The database behind a configured URL, or empty when it is not an embedded H2 file (PostgreSQL, H2 server). */
    public static Optional<EmbeddedH2Database> of(String name, String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith(FILE_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddedH2Database(name, jdbcUrl, user, password));
    }

    public Path file() {
        String base = jdbcUrl.substring(FILE_PREFIX.length());
        int options = base.indexOf(';');
        return Path.of((options < 0 ? base : base.substring(0, options)) + ".mv.db");
    }

    /** The configured URL, refusing to create an empty database where none is (a wrong path would look compacted). */
    String existingOnlyUrl() {
        return jdbcUrl + ";IFEXISTS=TRUE";
    }
}
