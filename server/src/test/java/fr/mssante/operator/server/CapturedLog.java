package fr.mssante.operator.server;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;

/**
 * One of our turbo filters installed in the test JVM's logging, as conf/logback.xml installs it in the server (tests
 * log through logback-test.xml), and what it logs, for a test that drives a real server.
 */
final class CapturedLog implements AutoCloseable {
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final TurboFilter filter;
    private final Logger logger;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    CapturedLog(TurboFilter filter) {
        this.filter = filter;
        filter.setContext(logging);
        filter.start();
        events.start();
        logger = logging.getLogger(filter.getClass());
        logger.addAppender(events);
        logging.addTurboFilter(filter);
    }

    /** What the filter logged, once there are {@code count} events or 10 s have passed. */
    List<ILoggingEvent> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.list.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return List.copyOf(events.list);
    }

    @Override
    public void close() {
        logging.getTurboFilterList().remove(filter);
        logger.detachAppender(events);
    }
}
