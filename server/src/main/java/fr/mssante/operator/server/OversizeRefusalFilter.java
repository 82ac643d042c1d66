package fr.mssante.operator.server;

import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * James logs at ERROR each message it refuses for its size (552, declared by {@code SIZE=} or found at the end of
 * DATA) or for a malformed {@code SIZE=}: a client's mistake, answered and recorded in the audit trail, not a fault of
 * the server. Logged at INFO like our other SMTP refusals, with the client's IP from James's session context:
 * {@code mssante.smtp.refused reason=MESSAGE_TOO_LARGE ip=203.0.113.7 Rejected message from ...}. Installed by
 * conf/logback.xml.
 */
public final class OversizeRefusalFilter extends TurboFilter {
    static final String SIZE_LOGGER = "org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension";
    private static final String REJECTED = "Rejected ";
    private static final String BAD_PARAMETER = "Rejected syntactically incorrect";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || format == null || !format.startsWith(REJECTED) || !SIZE_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        LoggerContext context = (LoggerContext) getContext();
        context.getLogger(OversizeRefusalFilter.class).info("mssante.smtp.refused reason={} ip={} {}",
            format.startsWith(BAD_PARAMETER) ? "SIZE_PARAMETER" : "MESSAGE_TOO_LARGE", context.getMDCAdapter().get("ip"),
            MessageFormatter.arrayFormat(format, params).getMessage());
        return FilterReply.DENY;
    }
}
