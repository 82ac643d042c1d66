package fr.mssante.operator.james.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.testing.BloatedMailTable;

class H2FileUsageTest {
    static final int ROWS = BloatedMailTable.ROWS;

    @TempDir
    Path folder;

    /** Written as a mail server writes: a commit per message, a flag update each, then half of them deleted. */
    @Test
    void estimatesWhatCompactionGivesBack() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("james") + ";WRITE_DELAY=0";
        H2FileUsage bloated;
        try (Connection connection = DriverManager.getConnection(url + ";MAX_COMPACT_TIME=0")) {
            BloatedMailTable.fill(connection, H2FileUsageTest::body);
            bloated = H2FileUsage.of(connection).orElseThrow();
            assertThat(bloated.fileBytes()).isEqualTo(Files.size(folder.resolve("james.mv.db")));
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
        }
        long compacted = Files.size(folder.resolve("james.mv.db"));

        assertThat(bloated.reclaimableBytes()).as("most of the file is not live data").isGreaterThan(bloated.fileBytes() / 2);
        assertThat(bloated.liveBytes()).as("live data estimated against the compacted file (%d bytes)", compacted)
            .isBetween(compacted / 2, compacted * 2);
        assertThat(bloated.describe()).startsWith("file ").contains("MB, live data about ");
    }

    @Test
    void aCompactedFileIsMostlyLive() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("fresh");
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE MAIL (ID INT PRIMARY KEY, BODY VARBINARY(20000))");
                statement.execute("INSERT INTO MAIL SELECT X, SECURE_RAND(10000) FROM SYSTEM_RANGE(1, 200)");
                statement.execute("SHUTDOWN COMPACT");
            }
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            H2FileUsage usage = H2FileUsage.of(connection).orElseThrow();

            assertThat(usage.reclaimableBytes()).isLessThan(usage.fileBytes() / 2);
        }
    }

    @Test
    void anInMemoryDatabaseHasNoFileUsage() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:usage")) {
            assertThat(H2FileUsage.of(connection)).isEmpty();
        }
    }

    /** Incompressible, like mail that is mostly base64 attachments: H2 compresses what it compacts. */
    private static byte[] body(int id) {
        byte[] body = new byte[10_000];
        new Random(id).nextBytes(body);
        return body;
    }
}
