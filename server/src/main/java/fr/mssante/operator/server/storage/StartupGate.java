package fr.mssante.operator.server.storage;

import java.util.concurrent.CompletableFuture;

import org.apache.james.lifecycle.api.Startable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * Holds the mail queues' consumers back until the server has started. James starts the spooler in the middle of its
 * start-up operations, in an order that follows how Guice happened to build the classes: mail left in the spool by
 * the last run was delivered before the mailbox listeners were registered (not counted in the quota, not indexed) and
 * while the quotas were being recovered. Opened by the last start-up operation ({@link Complete}).
 */
public final class StartupGate {
    private static final Logger LOGGER = LoggerFactory.getLogger(StartupGate.class);
    /**
     * The class of the gate's start-up operation. Guice never builds it, so James runs that operation after every
     * operation tied to a class it built (InitializationOperations#processOthers).
     */
    static final class Complete implements Startable {
        private Complete() {
        }
    }

    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    /**
     * The consumer, subscribed once the gate is open. The subscribing thread waits: James's spooler and remote
     * delivery subscribe on a thread of their own that then blocks on the queue anyway (receiving here would move
     * that blocking receive onto the thread opening the gate).
     */
    <T> Publisher<T> hold(Publisher<T> consumer) {
        return Flux.defer(() -> {
            opened.join();
            return consumer;
        });
    }

    void open() {
        LOGGER.info("start-up complete: mail delivery from the queues starts");
        opened.complete(null);
    }
}
