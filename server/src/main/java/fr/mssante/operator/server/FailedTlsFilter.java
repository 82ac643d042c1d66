package fr.mssante.operator.server;

import java.util.Set;

import javax.net.ssl.SSLException;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A client whose TLS fails (TLS 1.1 only, no common cipher, plain text on an implicit-TLS port, a certificate of no
 * IGC-Santé anchor on port 25) made James's SMTP and IMAP handlers log forty lines of stack trace, at ERROR for SMTP,
 * without the client's address on the line. Every scanner of port 25 would fill the log with ERRORs that ask nothing
 * of the operator. Those are logged as one WARN line instead, with James's own session context (protocol, client IP):
 * {@code mssante.tls.failed protocol=SMTP ip=203.0.113.7 error=SSLHandshakeException reason="no cipher suites in
 * common"}. Any other error of these handlers is logged as James logs it. Installed by conf/logback.xml.
 */
public final class FailedTlsFilter extends TurboFilter {
    static final Set<String> PROTOCOL_HANDLERS = Set.of(
        "org.apache.james.protocols.netty.BasicChannelInboundHandler",
        "org.apache.james.imapserver.netty.ImapChannelUpstreamHandler");
    private static final int REASON_MAX = 200;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!level.isGreaterOrEqual(Level.WARN) || !PROTOCOL_HANDLERS.contains(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        SSLException tls = tlsCause(t != null ? t : ClosedSpoolSessionFilter.onlyThrowable(params));
        if (tls == null) {
            return FilterReply.NEUTRAL;
        }
        // The context this filter is installed in: its logger and James's session context (MDC).
        LoggerContext context = (LoggerContext) getContext();
        context.getLogger(FailedTlsFilter.class).warn("mssante.tls.failed protocol={} ip={} error={} reason=\"{}\"",
            context.getMDCAdapter().get("protocol"), context.getMDCAdapter().get("ip"), tls.getClass().getSimpleName(),
            reason(tls));
        return FilterReply.DENY;
    }

    /** The deepest TLS exception of the chain: the one that says what went wrong. */
    private static SSLException tlsCause(Throwable error) {
        SSLException deepest = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                deepest = tls;
            }
        }
        return deepest;
    }

    private static String reason(SSLException tls) {
        String message = String.valueOf(tls.getMessage()).replace('"', '\'');
        return message.length() <= REASON_MAX ? message : message.substring(0, REASON_MAX) + "...";
    }
}
