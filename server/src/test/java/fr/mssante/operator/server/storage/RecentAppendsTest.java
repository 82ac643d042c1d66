package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.Test;

class RecentAppendsTest {
    static final Mailbox INBOX = new Mailbox(MailboxPath.inbox(Username.of("dpi@demo.mssante.test")), UidValidity.of(7), JPAId.of(3));

    @Test
    void handsOverEveryMessageOfAnAppendOnce() {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1));
        recent.put(INBOX, message(2));

        var taken = recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1), MessageUid.of(2)));

        assertThat(taken).hasValueSatisfying(messages -> assertThat(messages)
            .extracting(appended -> appended.message().getUid().asLong()).containsExactly(1L, 2L));
        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1)))).as("taken once").isEmpty();
    }

    @Test
    void whenOneMessageIsMissingNothingIsHandedOverAndTheIndexReadsThemBack() {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1));

        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1), MessageUid.of(2)))).isEmpty();
        assertThat(recent.takeAll(JPAId.of(4), List.of(MessageUid.of(1)))).as("another mailbox").isEmpty();
    }

    @Test
    void aMessageLargerThanWhatMayBeHeldIsNotKeptAndIsReadBackInstead() {
        RecentAppends recent = new RecentAppends();
        recent.put(INBOX, message(1, 65L * 1024 * 1024));

        assertThat(recent.takeAll(INBOX.getMailboxId(), List.of(MessageUid.of(1)))).isEmpty();
    }

    private static SimpleMailboxMessage message(long uid) {
        return message(uid, 21);
    }

    private static SimpleMailboxMessage message(long uid, long declaredSize) {
        byte[] content = "Subject: CR\r\n\r\nbody\r\n".getBytes();
        SimpleMailboxMessage message = new SimpleMailboxMessage(new DefaultMessageId(), ThreadId.fromBaseMessageId(new DefaultMessageId()),
            new Date(), declaredSize, 15, new ByteContent(content), new Flags(), new PropertyBuilder().build(), INBOX.getMailboxId());
        message.setUid(MessageUid.of(uid));
        return message;
    }
}
