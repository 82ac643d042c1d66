package fr.mssante.operator.server.storage;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.backends.jpa.EntityManagerUtils;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;

/** Moves one of the mailbox row's counters ahead by a block, in one committed transaction. */
final class MailboxRowReservation implements SequenceBlocks.Reservation {
    enum Counter {
        UID("UIDs"), MOD_SEQ("mod-sequences");

        private final String label;

        Counter(String label) {
            this.label = label;
        }
    }

    private final EntityManagerFactory factory;
    private final Counter counter;

    MailboxRowReservation(EntityManagerFactory factory, Counter counter) {
        this.factory = factory;
        this.counter = counter;
    }

    @Override
    public long reserve(long mailboxId, int count) throws MailboxException {
        EntityManager manager = factory.createEntityManager();
        try {
            manager.getTransaction().begin();
            JPAMailbox mailbox = manager.find(JPAMailbox.class, mailboxId);
            if (mailbox == null) {
                throw new MailboxException("Cannot reserve " + counter.label + " for mailbox " + mailboxId + ": it no longer exists");
            }
            // The entity only offers "consume one"; the loop runs in memory, the row is written once.
            long first = consume(mailbox);
            for (int i = 1; i < count; i++) {
                consume(mailbox);
            }
            manager.getTransaction().commit();
            return first - 1;
        } catch (PersistenceException e) {
            throw new MailboxException("Cannot reserve " + count + " " + counter.label + " for mailbox " + mailboxId, e);
        } finally {
            if (manager.getTransaction().isActive()) {
                manager.getTransaction().rollback();
            }
            EntityManagerUtils.safelyClose(manager);
        }
    }

    private long consume(JPAMailbox mailbox) {
        return counter == Counter.UID ? mailbox.consumeUid() : mailbox.consumeModSeq();
    }
}
