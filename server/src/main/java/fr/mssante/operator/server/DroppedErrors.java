package fr.mssante.operator.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Hooks;

/**
 * Errors Reactor drops because their subscriber has already cancelled. Reactor logs each at ERROR with its stack
 * trace; at every stop James's spool consumer, interrupted while it waits on ActiveMQ, raises one, which made an
 * ERROR of every clean restart. That one is logged at DEBUG; any other dropped error stays at ERROR.
 */
final class DroppedErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(DroppedErrors.class);

    private DroppedErrors() {
    }

    static void install() {
        Hooks.onErrorDropped(DroppedErrors::log);
    }

    static void log(Throwable error) {
        if (interrupted(error)) {
            LOGGER.debug("error after cancellation, from a thread interrupted at stop: {}", error.toString());
        } else {
            LOGGER.error("error raised after its subscriber cancelled, dropped", error);
        }
    }

    static boolean interrupted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
