package fr.mssante.operator.server.storage;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;

/**
 * What the spool does with a mail once processed (forget it, retry it) waits until the mailbox writes made while
 * processing it are on disk. Deliveries commit without waiting for the disk, under James's mailbox lock
 * ({@link IndexFeedingMapperFactory}); here, outside any lock, the mails of concurrent deliveries share the fsync.
 * A crash before that leaves the mail in the spool, delivered again at restart, once ({@code DeliverOnce}).
 */
public class DurableAcknowledgement implements MailQueueItemDecoratorFactory {
    private final JpaConnections database;

    @Inject
    public DurableAcknowledgement(JpaConnections database) {
        this.database = database;
    }

    @Override
    public MailQueueItemDecorator decorate(MailQueueItem item, MailQueueName name) {
        return new MailQueueItemDecorator(item) {
            @Override
            public Mail getMail() {
                return mailQueueItem.getMail();
            }

            @Override
            public void done(CompletionStatus status) throws MailQueueException {
                try {
                    database.awaitAsynchronousCommits();
                } catch (IllegalStateException e) {
                    throw new MailQueueException("mail " + getMail().getName() + " is processed but the database could"
                        + " not be written to disk: kept in the spool (" + e.getMessage() + ")", e);
                }
                mailQueueItem.done(status);
            }
        };
    }
}
