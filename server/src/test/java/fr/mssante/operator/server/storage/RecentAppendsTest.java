package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.Test;

class RecentAppendsTest {
    static final Mailbox INBOX = new Mailbox(MailboxPath.inbox(Username.of("dpi@demo.mssante.test")), UidValidity.of(7), JPAId.of(3));

    @Test
    void handsOverEveryMessageOfAnAppendOnce() throws Exception {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1));
        recent.put(INBOX, message(2));

        var taken = recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1), MessageUid.of(2)));

        assertThat(taken).hasValueSatisfying(messages -> assertThat(messages)
            .extracting(appended -> appended.message().getUid().asLong()).containsExactly(1L, 2L));
        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1)))).as("taken once").isEmpty();
    }

    @Test
    void whenOneMessageIsMissingNothingIsHandedOverAndTheIndexReadsThemBack() throws Exception {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1));

        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1), MessageUid.of(2)))).isEmpty();
        assertThat(recent.takeAll(JPAId.of(4), List.of(MessageUid.of(1)))).as("another mailbox").isEmpty();
    }

    @Test
    void aMessageLargerThanWhatMayBeHeldIsNotKeptAndIsReadBackInstead() throws Exception {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1, 65L * 1024 * 1024));

        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1)))).isEmpty();
    }

    @Test
    void keepsACopyOfTheStoredMessageNotTheMessageItself() throws Exception {
        RecentAppends recent = new RecentAppends();
        SimpleMailboxMessage stored = message(1);
        stored.setModSeq(ModSeq.of(42));
        stored.setFlags(new Flags(Flags.Flag.RECENT));
        recent.put(INBOX, stored);

        MailboxMessage kept = recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1))).orElseThrow().get(0).message();
        assertThat(kept).isNotSameAs(stored);
        assertThat(kept.getUid()).isEqualTo(MessageUid.of(1));
        assertThat(kept.getModSeq()).isEqualTo(ModSeq.of(42));
        assertThat(kept.createFlags()).isEqualTo(new Flags(Flags.Flag.RECENT));
        assertThat(kept.getMailboxId()).isEqualTo(INBOX.getMailboxId());
        assertThat(kept.getFullContent().readAllBytes()).isEqualTo(stored.getFullContent().readAllBytes());
        assertThat(kept.getBodyOctets()).isEqualTo(stored.getBodyOctets());
    }

    private static SimpleMailboxMessage message(long uid) {
        return message(uid, 21);
    }

    private static SimpleMailboxMessage message(long uid, long declaredSize) {
        byte[] content = "Subject: CR\r\n\r\nbody\r\n".getBytes();
        SimpleMailboxMessage message = new SimpleMailboxMessage(new DefaultMessageId(), ThreadId.fromBaseMessageId(new DefaultMessageId()),
            new Date(), declaredSize, 15, new ByteContent(content), new Flags(), new PropertyBuilder().build(), INBOX.getMailboxId());
        message.setUid(MessageUid.of(uid));
        message.setModSeq(ModSeq.of(uid));
        return message;
    }
}
