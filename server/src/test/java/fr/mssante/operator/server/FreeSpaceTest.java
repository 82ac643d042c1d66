package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose storage volume is below its minimum free space: set here above what the test machine's disk holds,
 * so that the refusal is real (the hook reads the volume) without filling a disk.
 */
class FreeSpaceTest {
    @TempDir
    static Path root;
    static TestHome home;
    static GuiceJamesServer server;

    @BeforeAll
    static void start() throws Exception {
        home = TestHome.install(root, SubmissionAndRefusalsTest.DOMAIN);
        Path properties = home.root().resolve("conf/mssante.properties");
        long moreThanTheDisk = Files.getFileStore(root).getTotalSpace() / (1024 * 1024) + 1024;
        String content = Files.readString(properties);
        assertThat(content).contains("mssante.storage.min-free=512M");
        Files.writeString(properties, content.replace("mssante.storage.min-free=512M",
            "mssante.storage.min-free=" + moreThanTheDisk + "M"));
        server = SubmissionAndRefusalsTest.startWithSenderAndRecipient(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void newMailIsRefusedAtMailWithATemporaryInsufficientStorageReply() throws Exception {
        String sender = SubmissionAndRefusalsTest.SENDER;
        try (SmtpDialog smtp = SmtpDialog.submission(home.port(587), sender, SubmissionAndRefusalsTest.PASSWORD)) {
            assertThat(smtp.command("MAIL FROM:<" + sender + ">"))
                .isEqualTo("452 4.3.1 Insufficient system storage, try again later\n");
        }
    }

    @Test
    void webAdminHealthReportsTheVolumeDegraded() throws Exception {
        var response = home.webAdmin().get("/healthcheck/checks/mssante-free-space");
        assertThat(response.body()).contains("\"status\":\"degraded\"").contains("MB free on the volume of")
            .contains("new mail is refused (452 4.3.1)");
    }
}
