package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.server.demo.DemoMain;

/**
 * The README's first command, started twice on the same folder as a user would: the second start must come up
 * (trust material put back after the configuration templates are installed again), keep the mail of the first run,
 * and still carry mail across the two operators. Uses the demo's fixed ports (10025..., 20025..., 10389).
 */
class DemoRestartTest {

    private static final String PASSWORD = "demo-password";
    private static final String MEDECIN = "medecin@demo.mssante.test";
    private static final String CARDIOLOGIE = "cardiologie@demo.mssante.test";
    private static final String DPI = "dpi@demo.mssante.test";
    private static final String SECRETARIAT = "secretariat@autre-operateur.mssante.test";

    @TempDir
    Path demoHome;

    @Test
    void secondStartKeepsTheMailAndStillCrossesOperators() throws Exception {
        String firstRunMessage;
        try (Demo demo = Demo.start(demoHome, "run-1.log")) {
            assertThat(demo.output()).contains("minting an IGC-Santé-shaped TEST hierarchy");
            firstRunMessage = send(MEDECIN, CARDIOLOGIE, "first run");
            MailClients.awaitMessage(10993, CARDIOLOGIE, PASSWORD, MailClients.withMessageId(firstRunMessage));
        }

        try (Demo demo = Demo.start(demoHome, "run-2.log")) {
            assertThat(demo.output()).contains("renewing both operators' SERV SSL certificates");
            assertThat(MailClients.inboxMessageIds(10993, CARDIOLOGIE, PASSWORD)).contains(firstRunMessage);

            String acrossOperators = send(DPI, SECRETARIAT, "second run, to the other operator");
            MimeMessage received = MailClients.awaitMessage(20993, SECRETARIAT, PASSWORD,
                MailClients.withMessageId(acrossOperators));
            assertThat(received.getSubject()).isEqualTo("second run, to the other operator");
        }
    }

    private static String send(String from, String to, String text) throws Exception {
        MimeMessage message = new MimeMessage(MailClients.submissionSession(10587));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(text, "UTF-8");
        message.setText(text + "\r\n", "UTF-8");
        message.saveChanges();
        MailClients.submit(10587, from, PASSWORD, message);
        return message.getMessageID();
    }

    /** {@code ./mssante demo} in a child JVM; closing it is Ctrl-C (SIGTERM), then whatever is left is killed. */
    private static final class Demo implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Demo(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Demo start(Path home, String logName) throws Exception {
            Path log = Files.createDirectories(Path.of("target", "demo-restart")).resolve(logName);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx768m",
                "-cp", System.getProperty("java.class.path"),
                "-Dmssante.demo.home=" + home,
                "-Dmssante.conf.templates=" + TestHome.TEMPLATES.toAbsolutePath(),
                DemoMain.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            Demo demo = new Demo(process, log);
            demo.awaitRunning();
            return demo;
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        private void awaitRunning() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                String output = output();
                if (output.contains("demo is running")) {
                    return;
                }
                if (!process.isAlive() || output.contains("start failed")) {
                    throw new AssertionError("the demo did not start:\n" + output);
                }
                Thread.sleep(500);
            }
            throw new AssertionError("the demo was not running within 180 s:\n" + output());
        }

        @Override
        public void close() throws Exception {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            boolean stopped = process.waitFor(90, TimeUnit.SECONDS);
            children.forEach(ProcessHandle::destroyForcibly);
            if (!stopped) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("Ctrl-C did not stop the demo within 90 s:\n" + output());
            }
        }
    }
}
