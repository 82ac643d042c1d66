package fr.mssante.operator.server.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.testing.BloatedMailTable;
import fr.mssante.operator.server.maintenance.H2FileCompaction.CompactionException;

class H2FileCompactionTest {
    static final int ROWS = BloatedMailTable.ROWS;

    @TempDir
    Path folder;
    EmbeddedH2Database database;
    List<String> progress = new ArrayList<>();

    /** A database written as a mail server writes one: a commit per message, then updates and deletions. */
    @BeforeEach
    void bloatedDatabase() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("james") + ";WRITE_DELAY=0";
        database = EmbeddedH2Database.of("james", url, "", "").orElseThrow();
        // MAX_COMPACT_TIME=0: no compaction when this connection closes, like a server stopped by a crash.
        try (Connection connection = DriverManager.getConnection(url + ";MAX_COMPACT_TIME=0", "", "")) {
            BloatedMailTable.fill(connection, H2FileCompactionTest::body);
        }
    }

    @Test
    void rewritesTheFileToItsLiveDataAndKeepsEveryRow() throws Exception {
        long before = Files.size(database.file());

        H2FileCompaction.Result result = new H2FileCompaction(progress::add).compact(database);

        assertThat(result.sizeBefore()).isEqualTo(before);
        assertThat(result.sizeAfter()).isEqualTo(Files.size(database.file()));
        assertThat(result.sizeAfter()).as("live data is half the rows written; the file held every commit")
            .isLessThan(before / 3);
        assertThat(result.rows()).isEqualTo(ROWS / 2);
        assertThat(progress).singleElement().asString().contains("james: compacting", "200 rows in 1 tables");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT ID, SEEN, BODY FROM MAIL ORDER BY ID")) {
            int expected = 0;
            while (rows.next()) {
                assertThat(rows.getInt(1)).isEqualTo(expected);
                assertThat(rows.getBoolean(2)).isTrue();
                assertThat(rows.getBytes(3)).isEqualTo(body(expected));
                expected += 2;
            }
            assertThat(expected).isEqualTo(ROWS);
        }
    }

    @Test
    void refusesADatabaseInUseByAnotherProcessAndLeavesItUntouched() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(), database.jdbcUrl())
            .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("open");
            String digest = digest(database.file());

            assertThatThrownBy(() -> new H2FileCompaction(progress::add).compact(database))
                .isInstanceOf(CompactionException.class)
                .hasMessage("james: not compacted, it is in use by another process; stop the server first."
                    + " Nothing was changed");
            assertThat(digest(database.file())).isEqualTo(digest);
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void refusesWhenTheVolumeCannotHoldTheCopy() throws Exception {
        String digest = digest(database.file());
        long size = Files.size(database.file());

        assertThatThrownBy(() -> new H2FileCompaction(progress::add, file -> size - 1).compact(database))
            .isInstanceOf(CompactionException.class)
            .hasMessageContaining("james: the compacted copy is written next to " + database.file())
            .hasMessageContaining("Nothing was changed");
        assertThat(digest(database.file())).isEqualTo(digest);
    }

    @Test
    void aMissingDatabaseIsAnErrorNotAnEmptyDatabase() {
        EmbeddedH2Database elsewhere = EmbeddedH2Database.of("mssante",
            "jdbc:h2:file:" + folder.resolve("nowhere/mssante") + ";WRITE_DELAY=500", "", "").orElseThrow();

        assertThatThrownBy(() -> new H2FileCompaction(progress::add).compact(elsewhere))
            .hasMessage("mssante: no database file at " + folder.resolve("nowhere/mssante.mv.db")
                + " (is this the server's working directory?)");
        assertThat(folder.resolve("nowhere")).doesNotExist();
    }

    @Test
    void onlyEmbeddedH2FilesAreCompacted() {
        assertThat(EmbeddedH2Database.of("james", "jdbc:postgresql://127.0.0.1:5432/james", "u", "p")).isEmpty();
        assertThat(EmbeddedH2Database.of("james", "jdbc:h2:tcp://db/james", "", "")).isEmpty();
        assertThat(EmbeddedH2Database.of("james", "jdbc:h2:file:/var/lib/mssante/var/store/h2/james;WRITE_DELAY=500", "", "")
            .orElseThrow().file()).isEqualTo(Path.of("/var/lib/mssante/var/store/h2/james.mv.db"));
    }

    private static byte[] body(int id) {
        byte[] body = new byte[10_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (id * 31 + i * 7);
        }
        return body;
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
