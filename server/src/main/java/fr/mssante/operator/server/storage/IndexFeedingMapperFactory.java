package fr.mssante.operator.server.storage;

import java.io.IOException;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * James's JPA mappers, whose message mapper also hands each message it adds to {@link RecentAppends} and records a
 * stamped delivery in the {@link DeliveryLedger}, in the transaction that stores the message.
 */
public class IndexFeedingMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final RecentAppends recentAppends;
    private final DeliveryLedger deliveryLedger;

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
        };
    }
}
