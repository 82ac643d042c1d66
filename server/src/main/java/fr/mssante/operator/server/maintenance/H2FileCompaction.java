package fr.mssante.operator.server.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.h2.api.ErrorCode;

/**
 * Compacts one embedded H2 database while no server uses it. H2 writes each commit as a new chunk at the end of its
 * file and reuses freed space only in part, so the file of a busy mail server grows to several times its live data
 * (docs/server-storage.md). H2's {@code SHUTDOWN COMPACT} copies the live data into a new file and renames it over
 * the old one; the row count of every table is compared before and after.
 */
final class H2FileCompaction {
    private final Consumer<String> progress;
    private final FreeSpace freeSpace;

    H2FileCompaction(Consumer<String> progress) {
        this(progress, file -> Files.getFileStore(file).getUsableSpace());
    }

    H2FileCompaction(Consumer<String> progress, FreeSpace freeSpace) {
        this.progress = progress;
        this.freeSpace = freeSpace;
    }

    /** Usable bytes on the volume of a file. */
    interface FreeSpace {
        long of(Path file) throws IOException;
    }

    record Result(EmbeddedH2Database database, long sizeBefore, long sizeAfter, long rows, Duration took) {
    }

    /** Why a database was left as it was; the message is for the operator. */
    static final class CompactionException extends Exception {
        CompactionException(String message) {
            super(message);
        }
    }

    Result compact(EmbeddedH2Database database) throws CompactionException {
        Path file = database.file();
        if (!Files.isRegularFile(file)) {
            throw new CompactionException(database.name() + ": no database file at " + file
                + " (is this the server's working directory?)");
        }
        long sizeBefore = size(database, file);
        long free = usableSpace(database, file);
        if (free < sizeBefore) {
            throw new CompactionException(database.name() + ": the compacted copy is written next to " + file
                + " and may need up to " + megabytes(sizeBefore) + "; only " + megabytes(free)
                + " free on that volume. Nothing was changed");
        }
        long start = System.nanoTime();
        Map<String, Long> rowsBefore;
        try (Connection connection = open(database)) {
            rowsBefore = rowCounts(connection);
            progress.accept(database.name() + ": compacting " + file + " (" + megabytes(sizeBefore) + ", "
                + total(rowsBefore) + " rows in " + rowsBefore.size() + " tables) ...");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException e) {
            throw failure(database, e);
        }
        Map<String, Long> rowsAfter;
        try (Connection connection = open(database)) {
            rowsAfter = rowCounts(connection);
        } catch (SQLException e) {
            throw new CompactionException(database.name() + ": cannot be opened after compaction: " + e.getMessage()
                + ". Restore it from your backup before starting the server");
        }
        if (!rowsAfter.equals(rowsBefore)) {
            throw new CompactionException(database.name() + ": row counts differ after compaction (before "
                + rowsBefore + ", after " + rowsAfter + "). Restore it from your backup before starting the server");
        }
        return new Result(database, sizeBefore, size(database, file), total(rowsAfter),
            Duration.ofNanos(System.nanoTime() - start));
    }

    private static Connection open(EmbeddedH2Database database) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", database.user());
        credentials.setProperty("password", database.password());
        // H2's own driver: the server's DurableH2Driver only adds fsyncs at commit, and this tool commits nothing.
        return new org.h2.Driver().connect(database.existingOnlyUrl(), credentials);
    }

    private static Map<String, Long> rowCounts(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet names = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                 + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            while (names.next()) {
                tables.add('"' + names.getString(1) + "\".\"" + names.getString(2) + '"');
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                count.next();
                counts.put(table, count.getLong(1));
            }
        }
        return counts;
    }

    private static long total(Map<String, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    private static CompactionException failure(EmbeddedH2Database database, SQLException e) {
        String cause = switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> "it is in use by another process; stop the server first";
            case ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1 -> "no database at " + database.file();
            case ErrorCode.WRONG_USER_OR_PASSWORD -> "wrong user or password (the ones of its configuration file were used)";
            default -> e.getMessage();
        };
        return new CompactionException(database.name() + ": not compacted, " + cause + ". Nothing was changed");
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static long size(EmbeddedH2Database database, Path file) throws CompactionException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CompactionException(database.name() + ": cannot read the size of " + file + ": " + e);
        }
    }

    private long usableSpace(EmbeddedH2Database database, Path file) throws CompactionException {
        try {
            return freeSpace.of(file);
        } catch (IOException e) {
            throw new CompactionException(database.name() + ": cannot read the free space next to " + file + ": " + e);
        }
    }
}
