package fr.mssante.operator.server;

import javax.jms.IllegalStateException;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * At every stop, James's spool consumers waiting on ActiveMQ find their session closed under them, and James logs
 * "Error while rolling session back" at ERROR with a stack trace for each: an ERROR in every clean restart. A closed
 * session has nothing left to roll back (the broker puts back what it had not acknowledged), so that one is logged at
 * DEBUG; any other rollback failure stays at ERROR. Installed by conf/logback.xml.
 */
public final class ClosedSpoolSessionFilter extends TurboFilter {
    static final String SPOOL_LOGGER = "org.apache.james.queue.jms.JMSCacheableMailQueue";
    static final String ROLLBACK_FAILED = "Error while rolling session back";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !ROLLBACK_FAILED.equals(format) || !SPOOL_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable error = t != null ? t : onlyThrowable(params);
        if (error instanceof IllegalStateException && String.valueOf(error.getMessage()).contains("closed")) {
            ((LoggerContext) getContext()).getLogger(ClosedSpoolSessionFilter.class)
                .debug("spool session already closed (server stopping): nothing to roll back ({})", error.getMessage());
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** The throwable of a call that passed it as its only argument instead of as the throwable. */
    static Throwable onlyThrowable(Object[] params) {
        return params != null && params.length == 1 && params[0] instanceof Throwable throwable ? throwable : null;
    }
}
