package fr.mssante.operator.server.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Messages the mailbox store has just written, handed to the search index so that it does not read each one back
 * from the database (with its body) to index it. James indexes an appended message while the append is still
 * running, so the message and its content are alive; entries are taken once. What an index never takes (a failed
 * append) is evicted: at most {@value #MAX_BYTES} bytes of messages are held, and none for more than a minute. An
 * evicted message is simply read back from the database, as James does.
 */
public final class RecentAppends {
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Duration MAX_AGE = Duration.ofMinutes(1);

    record Appended(Mailbox mailbox, MailboxMessage message) {
    }

    private record Key(MailboxId mailboxId, MessageUid uid) {
    }

    private final Cache<Key, Appended> appended = CacheBuilder.newBuilder()
        .maximumWeight(MAX_BYTES)
        .weigher((Key key, Appended message) -> (int) Math.min(message.message().getFullContentOctets(), Integer.MAX_VALUE))
        .expireAfterWrite(MAX_AGE)
        .build();

    void put(Mailbox mailbox, MailboxMessage message) {
        appended.put(new Key(mailbox.getMailboxId(), message.getUid()), new Appended(mailbox, message));
    }

    /** All of these messages, each taken out, or empty when one of them is not here (then read them all back). */
    Optional<List<Appended>> takeAll(MailboxId mailboxId, Collection<MessageUid> uids) {
        List<Appended> taken = new ArrayList<>(uids.size());
        for (MessageUid uid : uids) {
            Key key = new Key(mailboxId, uid);
            Appended message = appended.getIfPresent(key);
            if (message != null) {
                appended.invalidate(key);
                taken.add(message);
            }
        }
        return taken.size() == uids.size() ? Optional.of(taken) : Optional.empty();
    }
}
