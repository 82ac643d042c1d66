package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the production conf/logback.xml ({@link ProductionLogback}), with James's own log statement. */
class StartingHealthCheckFilterTest {
    @TempDir
    Path workingDirectory;

    @Test
    void aProbeBeforeTheServerHasStartedIsAnInfoLine() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context ->
            context.getLogger(StartingHealthCheckFilter.HEALTH_CHECK_LOGGER).error("HealthCheck failed for {} : {}",
                "Guice application lifecycle", "James server is not started."));

        assertThat(log).contains("INFO ", "mssante.healthcheck.not-started /healthcheck answered 503: the server is not"
            + " started (starting or stopping)").doesNotContain("ERROR", "HealthCheck failed");
    }

    @Test
    void anyOtherFailedHealthCheckStaysAnError() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context ->
            context.getLogger(StartingHealthCheckFilter.HEALTH_CHECK_LOGGER).error("HealthCheck failed for {} : {}",
                "mssante-free-space", "var/ has 120 MB free, under the 512 MB floor"));

        assertThat(log).contains("ERROR", "HealthCheck failed for mssante-free-space : var/ has 120 MB free")
            .doesNotContain("mssante.healthcheck");
    }
}
