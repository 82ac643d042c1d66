package fr.mssante.operator.server.storage;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.mailbox.exception.MailboxException;

/**
 * Hands out a per-mailbox sequence (UIDs, mod-sequences) from blocks reserved in the database: one commit per block
 * instead of one per message.
 *
 * <p>The database always holds the end of the reserved block, committed before any value of the block is handed out,
 * so after a crash the next values are above every value ever handed out; the unused rest of a block becomes a gap,
 * which IMAP allows (UIDs and mod-sequences must grow, not be contiguous). While the server runs, "last handed out"
 * is answered from memory, so UIDNEXT and HIGHESTMODSEQ move only when a message is added or changed.
 */
final class SequenceBlocks {
    /** Reserves {@code count} values for a mailbox in one transaction and returns the last value stored before it. */
    @FunctionalInterface
    interface Reservation {
        long reserve(long mailboxId, int count) throws MailboxException;
    }

    private static final class Block {
        private long next;
        private long end;
    }

    private final int blockSize;
    private final Reservation reservation;
    private final ConcurrentHashMap<Long, Block> blocks = new ConcurrentHashMap<>();

    SequenceBlocks(int blockSize, Reservation reservation) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, was " + blockSize);
        }
        this.blockSize = blockSize;
        this.reservation = reservation;
    }

    long next(long mailboxId) throws MailboxException {
        Block block = blocks.computeIfAbsent(mailboxId, id -> new Block());
        synchronized (block) {
            if (block.next == 0 || block.next > block.end) {
                long before = reservation.reserve(mailboxId, blockSize);
                block.next = before + 1;
                block.end = before + blockSize;
            }
            return block.next++;
        }
    }

    /** The last value handed out since start, or empty when this mailbox got none yet (then the database knows). */
    OptionalLong lastHandedOut(long mailboxId) {
        Block block = blocks.get(mailboxId);
        if (block == null) {
            return OptionalLong.empty();
        }
        synchronized (block) {
            return block.next == 0 ? OptionalLong.empty() : OptionalLong.of(block.next - 1);
        }
    }
}
