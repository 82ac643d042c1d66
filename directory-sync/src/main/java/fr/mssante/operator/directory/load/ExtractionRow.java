package fr.mssante.operator.directory.load;

import java.util.EnumMap;
import java.util.Map;

/** One data line of the extraction, fields by column; empty fields are absent. */
public final class ExtractionRow {
    private final long line;
    private final Map<ExtractionColumn, String> fields = new EnumMap<>(ExtractionColumn.class);

    ExtractionRow(long line) {
        this.line = line;
    }

    void put(ExtractionColumn column, String value) {
        String trimmed = value.trim();
        if (!trimmed.isEmpty()) {
            fields.put(column, trimmed);
        }
    }

    public long line() {
        return line;
    }

    /** The field's value, or null when empty. */
    public String get(ExtractionColumn column) {
        return fields.get(column);
    }
}
