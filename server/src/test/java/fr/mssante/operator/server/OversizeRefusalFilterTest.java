package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the production conf/logback.xml ({@link ProductionLogback}), with James's session context (MDC "ip"). */
class OversizeRefusalFilterTest {
    @TempDir
    Path workingDirectory;

    @Test
    void aMessageRefusedForItsSizeIsAnInfoLineWithTheClient() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context -> {
            context.getMDCAdapter().put("ip", "203.0.113.7");
            context.getLogger(OversizeRefusalFilter.SIZE_LOGGER).error(
                "Rejected message from {} to {} of size {} exceeding system maximum message size of {} based on SIZE option.",
                "dpi@demo.mssante.test", "203.0.113.7", 41943041L, 41943040L);
            context.getMDCAdapter().clear();
        });

        assertThat(log).contains("INFO ", "mssante.smtp.refused reason=MESSAGE_TOO_LARGE ip=203.0.113.7 Rejected message"
            + " from dpi@demo.mssante.test to 203.0.113.7 of size 41943041 exceeding system maximum message size of 41943040")
            .doesNotContain("ERROR");
    }

    @Test
    void anyOtherErrorOfThatClassStaysAnError() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context ->
            context.getLogger(OversizeRefusalFilter.SIZE_LOGGER).error("size check failed: {}", "no session"));

        assertThat(log).contains("ERROR", "size check failed: no session").doesNotContain("mssante.smtp.refused");
    }
}
