package fr.mssante.operator.server.storage;

import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;

import reactor.core.publisher.Mono;

/**
 * James's JPA mailbox mapper, whose lookups by path and by id (at each delivery, IMAP SELECT and STATUS, the
 * search index's handling of each append) are answered from the {@link MailboxCache} shared by all sessions.
 *
 * <p>Reads inside this mapper's own transaction (create, rename and delete read first) go to the database as in
 * James: they must see the transaction's writes. Each write clears the cache when it ends, and again when the
 * transaction commits or rolls back, since another session may have loaded the old row in between.
 */
final class CachingMailboxMapper extends JPAMailboxMapper {
    private final MailboxCache cache;

    CachingMailboxMapper(EntityManagerFactory entityManagerFactory, MailboxCache cache) {
        super(entityManagerFactory);
        this.cache = cache;
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        // Deferred: the transaction of executeReactive begins after the lookup is assembled.
        return Mono.defer(() -> inTransaction() ? super.findMailboxByPath(path)
            : cache.find(path, reader -> reader.findMailboxByPath(path)));
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId id) {
        return Mono.defer(() -> inTransaction() ? super.findMailboxById(id)
            : cache.find(id, reader -> reader.findMailboxById(id)));
    }

    @Override
    public Mono<Mailbox> create(MailboxPath path, UidValidity uidValidity) {
        return super.create(path, uidValidity).doOnTerminate(cache::clear);
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return super.rename(mailbox).doOnTerminate(cache::clear);
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return super.delete(mailbox).doOnTerminate(cache::clear);
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return super.updateACL(mailbox, command).doOnTerminate(cache::clear);
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return super.setACL(mailbox, acl).doOnTerminate(cache::clear);
    }

    @Override
    protected void commit() throws MailboxException {
        try {
            super.commit();
        } finally {
            cache.clear();
        }
    }

    @Override
    protected void rollback() throws MailboxException {
        try {
            super.rollback();
        } finally {
            cache.clear();
        }
    }

    private boolean inTransaction() {
        return entityManager != null && entityManager.getTransaction().isActive();
    }
}
