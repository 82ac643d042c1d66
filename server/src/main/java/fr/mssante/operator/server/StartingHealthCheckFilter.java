package fr.mssante.operator.server;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A readiness probe on WebAdmin's {@code /healthcheck} while the server starts (or stops) gets 503, and James logged
 * each of those answers at ERROR ("HealthCheck failed for Guice application lifecycle : James server is not
 * started."): a monitoring system that polls during a restart filled the log with errors that are none. Logged once
 * per probe at INFO as {@code mssante.healthcheck.not-started}; every other failed health check stays an ERROR.
 * Installed by conf/logback.xml.
 */
public final class StartingHealthCheckFilter extends TurboFilter {
    static final String HEALTH_CHECK_LOGGER = "org.apache.james.webadmin.routes.HealthCheckRoutes";
    static final String LIFECYCLE = "Guice application lifecycle";
    static final String NOT_STARTED = "James server is not started.";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || params == null || params.length < 2 || !LIFECYCLE.equals(params[0])
                || !NOT_STARTED.equals(params[1]) || !HEALTH_CHECK_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        ((LoggerContext) getContext()).getLogger(StartingHealthCheckFilter.class).info(
            "mssante.healthcheck.not-started /healthcheck answered 503: the server is not started (starting or stopping)");
        return FilterReply.DENY;
    }
}
