package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.LoggerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * James's protocol handlers log what Netty hands them, inside James's session context (MDC "protocol", "ip"); here
 * through the production conf/logback.xml ({@link ProductionLogback}).
 */
class FailedTlsFilterTest {
    static final String SMTP_HANDLER = "org.apache.james.protocols.netty.BasicChannelInboundHandler";
    static final String IMAP_HANDLER = "org.apache.james.imapserver.netty.ImapChannelUpstreamHandler";

    @TempDir
    Path workingDirectory;

    @Test
    void aRefusedHandshakeIsOneWarningWithTheClientAndTheReason() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context -> inSession(context, "SMTP", "203.0.113.7",
            () -> context.getLogger(SMTP_HANDLER).error("Unable to process request", new DecoderException(
                new SSLHandshakeException("Client requested protocol TLSv1.1 is not enabled or supported in server context")))));

        assertThat(log).contains("WARN ").contains("mssante.tls.failed protocol=SMTP ip=203.0.113.7"
            + " error=SSLHandshakeException reason=\"Client requested protocol TLSv1.1 is not enabled or supported in"
            + " server context\"");
        assertThat(log).doesNotContain("ERROR").doesNotContain("Unable to process request").doesNotContain("\tat ");
    }

    @Test
    void plainTextOnAnImplicitTlsPortOfImapToo() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context -> inSession(context, "IMAP", "198.51.100.4",
            () -> context.getLogger(IMAP_HANDLER).warn("Error while processing imap request",
                new DecoderException(new NotSslRecordException("not an SSL/TLS record: " + "41".repeat(500))))));

        assertThat(log).contains("mssante.tls.failed protocol=IMAP ip=198.51.100.4 error=NotSslRecordException"
            + " reason=\"not an SSL/TLS record: 4141");
        assertThat(log).as("the client's bytes are cut").doesNotContain("41".repeat(200))
            .doesNotContain("Error while processing imap request");
    }

    @Test
    void anyOtherErrorOfTheHandlersIsLoggedAsJamesLogsIt() throws Exception {
        String log = ProductionLogback.logAndRead(workingDirectory, context -> inSession(context, "SMTP", "203.0.113.7",
            () -> context.getLogger(SMTP_HANDLER).error("Unable to process request",
                new IllegalStateException("mailbox manager unavailable"))));

        assertThat(log).contains("ERROR", "Unable to process request", "mailbox manager unavailable", "\tat ")
            .doesNotContain("mssante.tls.failed");
    }

    private static void inSession(LoggerContext context, String protocol, String ip, Runnable logging) {
        context.getMDCAdapter().put("protocol", protocol);
        context.getMDCAdapter().put("ip", ip);
        try {
            logging.run();
        } finally {
            context.getMDCAdapter().clear();
        }
    }
}
