package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.jms.IllegalStateException;
import javax.jms.JMSException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the production conf/logback.xml ({@link ProductionLogback}). */
class ClosedSpoolSessionFilterTest {
    @TempDir
    Path workingDirectory;

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
        return ProductionLogback.logAndRead(workingDirectory, context ->
            context.getLogger(ClosedSpoolSessionFilter.SPOOL_LOGGER).error(ClosedSpoolSessionFilter.ROLLBACK_FAILED, error));
    }
}
