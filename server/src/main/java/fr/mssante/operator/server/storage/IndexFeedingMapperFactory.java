package fr.mssante.operator.server.storage;

import java.io.IOException;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.MailboxSession;
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
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * James's JPA mappers, whose message mapper also hands each message it adds to {@link RecentAppends} and records a
 * stamped delivery in the {@link DeliveryLedger}, in the transaction that stores the message, and whose mailbox
 * mappers share one cache of mailboxes by path ({@link MailboxPathCachingMapper}).
 */
public class IndexFeedingMapperFactory extends JPAMailboxSessionMapperFactory {
    private static final long MAILBOXES_CACHED = 100_000;

    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final RecentAppends recentAppends;
    private final DeliveryLedger deliveryLedger;
    private final WriteClearedCache<MailboxPath, Mailbox> mailboxesByPath = new WriteClearedCache<>(MAILBOXES_CACHED);

    @Inject
    public IndexFeedingMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                     JPAModSeqProvider modSeqProvider, RecentAppends recentAppends,
                                     DeliveryLedger deliveryLedger) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.recentAppends = recentAppends;
        this.deliveryLedger = deliveryLedger;
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new MailboxPathCachingMapper(entityManagerFactory, mailboxesByPath);
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new JPAMessageMapper(uidProvider, modSeqProvider, entityManagerFactory) {
            @Override
            public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
                MessageMetaData added = super.add(mailbox, message);
                try {
                    DeliveryLedger.stampedIn(message.getHeaderContent()).ifPresent(deliveryId ->
                        deliveryLedger.record(getEntityManager(), deliveryId, mailbox.getUser().asString()));
                } catch (IOException e) {
                    throw new MailboxException("Cannot read the headers of the message being stored", e);
                }
                recentAppends.put(mailbox, message);
                return added;
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
