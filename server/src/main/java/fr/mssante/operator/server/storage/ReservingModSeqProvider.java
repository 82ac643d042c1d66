package fr.mssante.operator.server.storage;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * James's JPA mod-sequence provider commits the mailbox row once per message and per flag change; this one reserves
 * mod-sequences {@value #BLOCK_SIZE} at a time ({@link SequenceBlocks}).
 */
public class ReservingModSeqProvider extends JPAModSeqProvider {
    static final int BLOCK_SIZE = 100;

    private final SequenceBlocks blocks;

    @Inject
    public ReservingModSeqProvider(EntityManagerFactory factory) {
        super(factory);
        this.blocks = new SequenceBlocks(BLOCK_SIZE, new MailboxRowReservation(factory, MailboxRowReservation.Counter.MOD_SEQ));
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(blocks.next(((JPAId) mailboxId).getRawId()));
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return highestModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId) throws MailboxException {
        var last = blocks.lastHandedOut(((JPAId) mailboxId).getRawId());
        return last.isPresent() ? ModSeq.of(last.getAsLong()) : super.highestModSeq(mailboxId);
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId, EntityManager manager) throws MailboxException {
        var last = blocks.lastHandedOut(((JPAId) mailboxId).getRawId());
        return last.isPresent() ? ModSeq.of(last.getAsLong()) : super.highestModSeq(mailboxId, manager);
    }
}
