package fr.mssante.operator.server.storage;

import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.MailboxReactorUtils;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mailboxes found by path or by id, shared by the mailbox mappers of every session ({@link CachingMailboxMapper}),
 * which clear it after each mailbox write and after each of their transactions.
 *
 * <p>A miss is read by a mapper of its own on a fresh entity manager: a session's entity manager may hold that
 * session's uncommitted writes or entities loaded earlier, which must not reach other sessions. A mailbox not found
 * is not remembered. Callers get copies: James changes the {@link Mailbox} it is given (rename, ACL commands).
 */
public final class MailboxCache {
    private static final long MAX_ENTRIES = 100_000;

    private final EntityManagerFactory entityManagerFactory;
    // Keys are MailboxPath or MailboxId (JPAId): two classes, so the two kinds of lookup never collide.
    private final WriteClearedCache<Object, Mailbox> mailboxes = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public MailboxCache(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    /** The mailbox under {@code key}, from memory or else by {@code query}; run where James runs its query. */
    Mono<Mailbox> find(Object key, Function<JPAMailboxMapper, Mono<Mailbox>> query) {
        return Mono.fromCallable(() -> {
            Mailbox found = mailboxes.get(key, ignored -> load(query));
            return found == null ? null : new Mailbox(found);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    void clear() {
        mailboxes.clear();
    }

    private Mailbox load(Function<JPAMailboxMapper, Mono<Mailbox>> query) throws MailboxException {
        JPAMailboxMapper reader = new JPAMailboxMapper(entityManagerFactory);
        try {
            return MailboxReactorUtils.block(query.apply(reader));
        } finally {
            reader.endRequest();
        }
    }
}
