package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.jpa.mail.model.openjpa.AbstractJPAMailboxMessage;
import org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import fr.mssante.operator.james.h2.DurableH2Driver;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's JPA mappers, whose message mapper also hands each message it adds to {@link RecentAppends} and records a
 * stamped delivery in the {@link DeliveryLedger}, in the transaction that stores the message, and answers the UID
 * queries of SELECT and EXAMINE and clears \Recent at SELECT with plain JDBC ({@link MailboxUids}, {@link RecentFlags});
 * whose mailbox mappers share one cache of mailboxes by path ({@link MailboxPathCachingMapper}).
 */
public class IndexFeedingMapperFactory extends JPAMailboxSessionMapperFactory {
    private static final long MAILBOXES_CACHED = 100_000;

    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final RecentAppends recentAppends;
    private final DeliveryLedger deliveryLedger;
    private final MailboxUids mailboxUids;
    private final RecentFlags recentFlags;
    private final WriteClearedCache<MailboxPath, Mailbox> mailboxesByPath = new WriteClearedCache<>(MAILBOXES_CACHED);

    @Inject
    public IndexFeedingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                     JPAModSeqProvider modSeqProvider, RecentAppends recentAppends,
                                     DeliveryLedger deliveryLedger, MailboxUids mailboxUids, RecentFlags recentFlags) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.recentAppends = recentAppends;
        this.deliveryLedger = deliveryLedger;
        this.mailboxUids = mailboxUids;
        this.recentFlags = recentFlags;
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new MailboxPathCachingMapper(entityManagerFactory, mailboxesByPath);
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        // Deliveries from the spool store through system sessions; IMAP APPEND (user sessions) must be durable when
        // answered, even for a message that carries a delivery stamp (a client copying delivered mail).
        boolean spoolDelivery = session.getType() == MailboxSession.SessionType.System;
        return new JPAMessageMapper(uidProvider, modSeqProvider, entityManagerFactory) {
            private boolean deliveryInTransaction;

            @Override
            public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
                MessageMetaData added = super.add(mailbox, message);
                try {
                    Optional<String> deliveryId = DeliveryLedger.stampedIn(message.getHeaderContent());
                    if (deliveryId.isPresent()) {
                        deliveryLedger.record(getEntityManager(), deliveryId.get(), mailbox.getUser().asString());
                        deliveryInTransaction = spoolDelivery;
                    }
                } catch (IOException e) {
                    throw new MailboxException("Cannot read the headers of the message being stored", e);
                }
                recentAppends.put(mailbox, message);
                return added;
            }

            /**
             * A delivery from the spool commits without waiting for the disk: James commits under the mailbox's write
             * lock, where the fsync wait serialised every delivery into one mailbox. The spool forgets the mail only
             * once that commit is on disk ({@link DurableAcknowledgement}). Other writes (IMAP APPEND, flags) wait.
             * A delivery is a message stamped by {@code DeliverOnce} and stored through a system session.
             */
            @Override
            protected void commit() throws MailboxException {
                if (!deliveryInTransaction) {
                    super.commit();
                    return;
                }
                deliveryInTransaction = false;
                DurableH2Driver.committingAsynchronously(() -> {
                    super.commit();
                    return null;
                });
            }

            @Override
            protected void rollback() throws MailboxException {
                deliveryInTransaction = false;
                super.rollback();
            }

            // SELECT and EXAMINE: queries H2 answers in index order (MailboxUids).
            @Override
            public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
                return Mono.fromCallable(() -> mailboxUids.all((JPAId) mailbox.getMailboxId()))
                    .flatMapMany(Flux::fromIterable)
                    .subscribeOn(Schedulers.boundedElastic());
            }

            @Override
            public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) {
                return mailboxUids.firstUnseen((JPAId) mailbox.getMailboxId()).orElse(null);
            }

            @Override
            public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) {
                return mailboxUids.recent((JPAId) mailbox.getMailboxId());
            }

            // SELECT: \Recent cleared in SQL (RecentFlags), not by saving each message as an entity.
            @Override
            public List<UpdatedFlags> resetRecent(Mailbox mailbox) throws MailboxException {
                try {
                    return recentFlags.clear((JPAId) mailbox.getMailboxId(), () -> modSeqProvider.nextModSeq(mailbox));
                } catch (IllegalStateException e) {
                    throw new MailboxException("Cannot clear \\Recent in mailbox " + mailbox.getMailboxId(), e);
                }
            }

            /**
             * The message is attached to a reference to its mailbox row, which OpenJPA does not read: James loads the
             * row first, one more query for every message stored.
             */
            @Override
            protected MessageMetaData save(Mailbox mailbox, MailboxMessage message) throws MailboxException {
                try {
                    JPAMailbox row = getEntityManager().getReference(JPAMailbox.class, ((JPAId) mailbox.getMailboxId()).getRawId());
                    AbstractJPAMailboxMessage stored;
                    if (message instanceof AbstractJPAMailboxMessage jpaMessage) {
                        stored = jpaMessage;
                        stored.setMailbox(row);
                    } else {
                        stored = new JPAMailboxMessage(row, message.getUid(), message.getModSeq(), message);
                        stored.setFlags(message.createFlags());
                    }
                    getEntityManager().persist(stored);
                    return stored.metaData();
                } catch (PersistenceException e) {
                    throw new MailboxException("Cannot store message " + message.getUid() + " in mailbox " + mailbox.getMailboxId(), e);
                }
            }
        };
    }
}
