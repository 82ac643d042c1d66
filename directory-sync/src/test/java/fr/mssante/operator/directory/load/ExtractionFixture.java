package fr.mssante.operator.directory.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds extraction files in the published 31-column format for tests. */
public final class ExtractionFixture {
    private ExtractionFixture() {
    }

    public static String header() {
        StringBuilder header = new StringBuilder();
        for (ExtractionColumn column : ExtractionColumn.values()) {
            header.append(header.length() == 0 ? "" : "|").append(column.header());
        }
        return header.toString();
    }

    public static String per(String address, String rpps, String lastName, String structureId) {
        return String.join("|", "PER", address, "8", rpps, "8" + rpps, "1", structureId, "", "DR", lastName,
                "Jean", "C", "Civil", "10", "Médecin", "", "", "O", "CH TEST", "", "", "", "1", "", "R",
                "DES TESTS", "", "75013 PARIS", "75013", "75", "FRANCE");
    }

    public static String org(String address, String service, String structureId) {
        return String.join("|", "ORG", address, "", "", "", "1", structureId, service, "", "", "", "", "", "", "",
                "", "", "O", "CH TEST", "", "", "", "1", "", "R", "DES TESTS", "", "75013 PARIS", "75013", "75",
                "FRANCE");
    }

    public static Path write(Path file, List<String> rows) throws IOException {
        StringBuilder text = new StringBuilder(header()).append('\n');
        rows.forEach(row -> text.append(row).append('\n'));
        return Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    public static InputStream resource(String name) {
        return ExtractionFixture.class.getResourceAsStream("/" + name);
    }
}
