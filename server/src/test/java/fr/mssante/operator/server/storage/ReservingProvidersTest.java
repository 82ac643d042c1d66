package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UID and mod-sequence blocks against the real mailbox table (H2, the server's persistence unit). */
class ReservingProvidersTest {
    EntityManagerFactory factory;
    Mailbox inbox;

    @BeforeEach
    void createMailbox() {
        factory = H2Units.inMemory();
        EntityManager manager = factory.createEntityManager();
        manager.getTransaction().begin();
        JPAMailbox row = new JPAMailbox(MailboxPath.inbox(Username.of("app@demo.mssante.test")), 42L);
        manager.persist(row);
        manager.getTransaction().commit();
        inbox = row.toMailbox();
        manager.close();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void uidsGrowByOneWhileTheRowHoldsTheEndOfTheReservedBlock() throws Exception {
        ReservingUidProvider uids = new ReservingUidProvider(factory);

        assertThat(uids.lastUid(inbox)).isEmpty();
        assertThat(uids.nextUid(inbox)).isEqualTo(MessageUid.of(1));
        assertThat(uids.nextUid(inbox.getMailboxId())).isEqualTo(MessageUid.of(2));

        assertThat(uids.lastUid(inbox)).contains(MessageUid.of(2));
        assertThat(new JPAUidProvider(factory).lastUid(inbox)).contains(MessageUid.of(ReservingUidProvider.BLOCK_SIZE));
    }

    @Test
    void afterARestartUidsContinueAboveTheReservedBlock() throws Exception {
        new ReservingUidProvider(factory).nextUid(inbox);

        ReservingUidProvider restarted = new ReservingUidProvider(factory);
        MessageUid uidNextAnnounced = restarted.lastUid(inbox).orElseThrow().next();
        MessageUid first = restarted.nextUid(inbox);

        assertThat(first).isEqualTo(MessageUid.of(ReservingUidProvider.BLOCK_SIZE + 1));
        assertThat(first).as("RFC 3501: the next UID is at least the UIDNEXT announced").isGreaterThanOrEqualTo(uidNextAnnounced);
    }

    @Test
    void modSequencesGrowByOneAndContinueAboveTheBlockAfterARestart() throws Exception {
        ReservingModSeqProvider modSeqs = new ReservingModSeqProvider(factory);
        assertThat(modSeqs.highestModSeq(inbox).asLong()).isZero();

        ModSeq first = modSeqs.nextModSeq(inbox);
        ModSeq second = modSeqs.nextModSeq(inbox.getMailboxId());
        assertThat(second.asLong()).isEqualTo(first.asLong() + 1);
        assertThat(modSeqs.highestModSeq(inbox)).isEqualTo(second);
        assertThat(new JPAModSeqProvider(factory).highestModSeq(inbox).asLong()).isEqualTo(ReservingModSeqProvider.BLOCK_SIZE);

        ModSeq afterRestart = new ReservingModSeqProvider(factory).nextModSeq(inbox);
        assertThat(afterRestart.asLong()).isEqualTo(ReservingModSeqProvider.BLOCK_SIZE + 1);
    }

    @Test
    void aDeletedMailboxIsNamedInTheError() {
        JPAId missing = JPAId.of(987_654);

        assertThatThrownBy(() -> new ReservingUidProvider(factory).nextUid(missing))
            .isInstanceOf(MailboxException.class)
            .hasMessage("Cannot reserve UIDs for mailbox 987654: it no longer exists");
    }
}
