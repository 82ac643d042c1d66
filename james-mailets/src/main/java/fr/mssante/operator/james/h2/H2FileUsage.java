package fr.mssante.operator.james.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much of an embedded H2 database file is live data, as H2 reports it in {@code INFORMATION_SCHEMA.SETTINGS}:
 * the share of the file its chunks occupy ({@code info.FILL_RATE}) times the live share of those chunks
 * ({@code info.CHUNKS_FILL_RATE}). The rest is what {@code ./mssante compact} gives back.
 */
public record H2FileUsage(long fileBytes, int fillPercent, int chunksFillPercent) {
    private static final String FILE_SIZE = "info.FILE_SIZE";
    private static final String FILL_RATE = "info.FILL_RATE";
    private static final String CHUNKS_FILL_RATE = "info.CHUNKS_FILL_RATE";

    /** The usage of the database behind {@code connection}; empty when it is not an H2 database with a file. */
    public static Optional<H2FileUsage> of(Connection connection) throws SQLException {
        if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
            return Optional.empty();
        }
        Map<String, String> info = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT SETTING_NAME, SETTING_VALUE"
            + " FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN (?, ?, ?)")) {
            query.setString(1, FILE_SIZE);
            query.setString(2, FILL_RATE);
            query.setString(3, CHUNKS_FILL_RATE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    info.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        if (info.size() < 3) {
            return Optional.empty(); // an in-memory database has no file statistics
        }
        return Optional.of(new H2FileUsage(Long.parseLong(info.get(FILE_SIZE)),
            Integer.parseInt(info.get(FILL_RATE)), Integer.parseInt(info.get(CHUNKS_FILL_RATE))));
    }

    public long liveBytes() {
        return fileBytes * fillPercent / 100 * chunksFillPercent / 100;
    }

    public long reclaimableBytes() {
        return fileBytes - liveBytes();
    }

    /** For the log: {@code file 1638.8 MB, live data about 27 % (445.1 MB)}. */
    public String describe() {
        long livePercent = fileBytes == 0 ? 100 : Math.round(100.0 * liveBytes() / fileBytes);
        return "file " + megabytes(fileBytes) + ", live data about " + livePercent + " % (" + megabytes(liveBytes()) + ")";
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
