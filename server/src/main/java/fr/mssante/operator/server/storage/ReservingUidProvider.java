package fr.mssante.operator.server.storage;

import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * James's JPA UID provider commits the mailbox row once per message (a third of the H2 commits of a delivery); this
 * one reserves UIDs {@value #BLOCK_SIZE} at a time ({@link SequenceBlocks}).
 */
public class ReservingUidProvider extends JPAUidProvider {
    static final int BLOCK_SIZE = 100;

    private final SequenceBlocks blocks;

    @Inject
    public ReservingUidProvider(EntityManagerFactory factory) {
        super(factory);
        this.blocks = new SequenceBlocks(BLOCK_SIZE, new MailboxRowReservation(factory, MailboxRowReservation.Counter.UID));
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
        return MessageUid.of(blocks.next(((JPAId) mailboxId).getRawId()));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
        Optional<MessageUid> handedOut = handedOut(mailbox);
        return handedOut.isPresent() ? handedOut : super.lastUid(mailbox);
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox, EntityManager manager) throws MailboxException {
        Optional<MessageUid> handedOut = handedOut(mailbox);
        return handedOut.isPresent() ? handedOut : super.lastUid(mailbox, manager);
    }

    private Optional<MessageUid> handedOut(Mailbox mailbox) {
        var last = blocks.lastHandedOut(((JPAId) mailbox.getMailboxId()).getRawId());
        return last.isPresent() ? Optional.of(MessageUid.of(last.getAsLong())) : Optional.empty();
    }
}
