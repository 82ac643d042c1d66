package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.RAMDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/**
 * After an unclean stop the recovery and live traffic may index the same message at the same time (the recovery now
 * runs while mail is delivered): each message must end up with exactly its two documents, message and flags. The
 * database side is a stand-in that only lists the one mailbox the recovery has yet to check.
 */
class LuceneSearchIndexOverlapTest {
    static final Mailbox INBOX = new Mailbox(MailboxPath.inbox(Username.of("dpi@demo.mssante.test")), UidValidity.of(7), JPAId.of(3));
    static final int WRITERS = 8;
    static final int MESSAGES = 50;

    @TempDir
    Path var;

    @Test
    void concurrentIndexingOfTheSameMessagesLeavesTwoDocumentsEach() throws Exception {
        RAMDirectory directory = new RAMDirectory();
        LuceneSearchIndex index = newIndex(directory);
        MailboxSession session = session();

        // Every writer indexes message 1 at the same moment, then message 2, and so on.
        CyclicBarrier together = new CyclicBarrier(WRITERS);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<Void>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            done.add(writers.submit((Callable<Void>) () -> {
                for (int uid = 1; uid <= MESSAGES; uid++) {
                    together.await();
                    index.add(session, INBOX, message(uid)).block();
                }
                return null;
            }));
        }
        for (Future<Void> writer : done) {
            writer.get();
        }
        writers.shutdown();
        index.commit();

        try (IndexReader reader = IndexReader.open(directory, true)) {
            for (int uid = 1; uid <= MESSAGES; uid++) {
                assertThat(documentsOf(reader, uid)).as("documents of message " + uid)
                    .containsExactlyInAnyOrder("message", "flags");
            }
        }
        index.close();
    }

    @Test
    void anExpungeDuringTheOverlapRemovesBothDocuments() throws Exception {
        RAMDirectory directory = new RAMDirectory();
        LuceneSearchIndex index = newIndex(directory);
        MailboxSession session = session();
        index.add(session, INBOX, message(1)).block();
        index.add(session, INBOX, message(2)).block();

        index.delete(session, INBOX.getMailboxId(), List.of(MessageUid.of(1))).block();
        index.commit();

        try (IndexReader reader = IndexReader.open(directory, true)) {
            assertThat(documentsOf(reader, 1)).isEmpty();
            assertThat(documentsOf(reader, 2)).containsExactlyInAnyOrder("message", "flags");
        }
        index.close();
    }

    private LuceneSearchIndex newIndex(RAMDirectory directory) throws Exception {
        // No clean-stop mark in var: the recovery is pending, so live indexing may overlap it.
        return new LuceneSearchIndex(new OneMailboxMappers(), new JPAId.Factory(), SearchIndexFolder.of(directory), new DefaultMessageId.Factory(),
            new SystemSessions(), new RecentAppends(), new SearchIndexSettings(3600), LastStop.take(var));
    }

    /** "message" or "flags" for each live document of {@code uid} in the inbox. */
    private static List<String> documentsOf(IndexReader reader, long uid) throws Exception {
        List<String> kinds = new ArrayList<>();
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
            if (reader.isDeleted(doc)) {
                continue;
            }
            Document document = reader.document(doc);
            String id = document.get(SearchIndexReconciler.ID_FIELD);
            if (String.valueOf(uid).equals(document.get(SearchIndexReconciler.UID_FIELD))
                && INBOX.getMailboxId().serialize().equalsIgnoreCase(document.get(SearchIndexReconciler.MAILBOX_ID_FIELD))) {
                kinds.add(id != null && id.startsWith("flags-") ? "flags" : "message");
            }
        }
        return kinds;
    }

    private static SimpleMailboxMessage message(long uid) {
        byte[] content = ("Subject: compte rendu " + uid + "\r\n\r\nexamen du patient\r\n").getBytes();
        SimpleMailboxMessage message = new SimpleMailboxMessage(new DefaultMessageId(),
            ThreadId.fromBaseMessageId(new DefaultMessageId()), new Date(), content.length, 34, new ByteContent(content),
            new Flags(), new PropertyBuilder().build(), INBOX.getMailboxId());
        message.setUid(MessageUid.of(uid));
        return message;
    }

    private static MailboxSession session() {
        return new SystemSessions().createSystemSession(Username.of("test"));
    }

    private static final class SystemSessions implements SessionProvider {
        @Override
        public MailboxSession createSystemSession(Username userName) {
            return new MailboxSession(MailboxSession.SessionId.of(1), userName, Optional.of(userName), List.of(Locale.FRENCH),
                '.', MailboxSession.SessionType.System);
        }

        @Override
        public AuthorizationStep authenticate(Username givenUserid, String passwd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuthorizationStep authenticate(Username givenUserid) {
            throw new UnsupportedOperationException();
        }
    }

    /** Lists the inbox to the recovery; nothing else is used by these tests. */
    private static final class OneMailboxMappers extends MailboxSessionMapperFactory {
        @Override
        public MailboxMapper createMailboxMapper(MailboxSession session) {
            return (MailboxMapper) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailboxMapper.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> Flux.just(INBOX);
                    case "endRequest" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        }

        @Override
        public AnnotationMapper createAnnotationMapper(MailboxSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MessageMapper createMessageMapper(MailboxSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MessageIdMapper createMessageIdMapper(MailboxSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SubscriptionMapper createSubscriptionMapper(MailboxSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UidProvider getUidProvider() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModSeqProvider getModSeqProvider() {
            throw new UnsupportedOperationException();
        }
    }
}
