package fr.mssante.operator.server.storage;

import java.util.List;
import java.util.concurrent.locks.Lock;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

import com.google.common.util.concurrent.Striped;

/**
 * One lock per message (striped, re-entrant) around the writes of its search documents while the recovery and live
 * traffic may both write them: each reads the database and writes the index under the lock, so the later writer
 * always writes the database's later state and a message is never indexed twice.
 */
final class MessageLocks {
    /** Work that may fail with a checked exception, run under a message's lock. */
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final Striped<Lock> stripes = Striped.lock(256);

    <T, E extends Exception> T holding(MailboxId mailboxId, MessageUid uid, Work<T, E> work) throws E {
        Lock lock = stripes.get(List.of(mailboxId.serialize(), uid.asLong()));
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
