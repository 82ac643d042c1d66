package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.Properties;

/** A stored message as the search index reads it: the same, with {@link SearchableHeaders} in its content. */
final class SearchableMessage implements MailboxMessage {
    private final MailboxMessage message;

    SearchableMessage(MailboxMessage message) {
        this.message = message;
    }

    @Override
    public InputStream getFullContent() throws IOException {
        return SearchableHeaders.rewrite(message.getFullContent());
    }

    @Override
    public InputStream getHeaderContent() throws IOException {
        return SearchableHeaders.rewrite(message.getHeaderContent());
    }

    // Everything else is the stored message's: sizes (SEARCH LARGER), dates, flags, ids.

    @Override
    public InputStream getBodyContent() throws IOException {
        return message.getBodyContent();
    }

    @Override
    public ThreadId getThreadId() {
        return message.getThreadId();
    }

    @Override
    public ComposedMessageIdWithMetaData getComposedMessageIdWithMetaData() {
        return message.getComposedMessageIdWithMetaData();
    }

    @Override
    public MailboxId getMailboxId() {
        return message.getMailboxId();
    }

    @Override
    public MessageUid getUid() {
        return message.getUid();
    }

    @Override
    public void setUid(MessageUid uid) {
        message.setUid(uid);
    }

    @Override
    public void setModSeq(ModSeq modSeq) {
        message.setModSeq(modSeq);
    }

    @Override
    public ModSeq getModSeq() {
        return message.getModSeq();
    }

    @Override
    public boolean isAnswered() {
        return message.isAnswered();
    }

    @Override
    public boolean isDeleted() {
        return message.isDeleted();
    }

    @Override
    public boolean isDraft() {
        return message.isDraft();
    }

    @Override
    public boolean isFlagged() {
        return message.isFlagged();
    }

    @Override
    public boolean isRecent() {
        return message.isRecent();
    }

    @Override
    public boolean isSeen() {
        return message.isSeen();
    }

    @Override
    public void setFlags(Flags flags) {
        message.setFlags(flags);
    }

    @Override
    public void setSaveDate(Date saveDate) {
        message.setSaveDate(saveDate);
    }

    @Override
    public Flags createFlags() {
        return message.createFlags();
    }

    @Override
    public MailboxMessage copy(Mailbox mailbox) throws MailboxException {
        return message.copy(mailbox);
    }

    @Override
    public Optional<Date> getSaveDate() {
        return message.getSaveDate();
    }

    @Override
    public MessageId getMessageId() {
        return message.getMessageId();
    }

    @Override
    public Date getInternalDate() {
        return message.getInternalDate();
    }

    @Override
    public String getMediaType() {
        return message.getMediaType();
    }

    @Override
    public String getSubType() {
        return message.getSubType();
    }

    @Override
    public long getBodyOctets() {
        return message.getBodyOctets();
    }

    @Override
    public long getFullContentOctets() {
        return message.getFullContentOctets();
    }

    @Override
    public long getHeaderOctets() {
        return message.getHeaderOctets();
    }

    @Override
    public Long getTextualLineCount() {
        return message.getTextualLineCount();
    }

    @Override
    public Properties getProperties() {
        return message.getProperties();
    }

    @Override
    public List<MessageAttachmentMetadata> getAttachments() {
        return message.getAttachments();
    }
}
