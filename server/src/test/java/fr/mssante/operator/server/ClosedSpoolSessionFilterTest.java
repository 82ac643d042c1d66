package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.jms.IllegalStateException;
import javax.jms.JMSException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

/** The production conf/logback.xml, loaded as the server loads it, writing to a temporary working directory. */
class ClosedSpoolSessionFilterTest {
    @TempDir
    Path workingDirectory;
    final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aRollbackOnTheSessionClosedAtStopIsNotAnError() throws Exception {
        String log = logRollbackFailure(new IllegalStateException("The Session is closed"));

        assertThat(log).doesNotContain("ERROR").doesNotContain(ClosedSpoolSessionFilter.ROLLBACK_FAILED);
    }

    @Test
    void anyOtherRollbackFailureStaysAnError() throws Exception {
        String log = logRollbackFailure(new JMSException("Transport disposed"));

        assertThat(log).contains("ERROR", ClosedSpoolSessionFilter.ROLLBACK_FAILED, "Transport disposed");
    }

    private String logRollbackFailure(JMSException error) throws Exception {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("working.directory", workingDirectory.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("..", "conf", "logback.xml").toFile());

        context.getLogger(ClosedSpoolSessionFilter.SPOOL_LOGGER).error(ClosedSpoolSessionFilter.ROLLBACK_FAILED, error);
        context.getLogger("fr.mssante.test").info("end of test");
        context.stop();

        String log = Files.readString(workingDirectory.resolve("var/log/mssante.log"), StandardCharsets.UTF_8);
        assertThat(log).as("the file was written").contains("end of test");
        return log;
    }
}
