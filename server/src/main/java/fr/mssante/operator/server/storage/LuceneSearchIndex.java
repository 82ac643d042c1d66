package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.store.Directory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's Lucene index (lenient analysis, index kept at start) with two savings on every delivery: an analyzer that
 * reuses its token chain, and appended messages indexed from {@link RecentAppends} instead of being read back from
 * the database. Copies, moves and anything not found there are read back as James does.
 */
public class LuceneSearchIndex extends LuceneMessageSearchIndex {
    private static final boolean DROP_INDEX_ON_START = false;
    private static final boolean LENIENT = true;

    private final SessionProvider sessionProvider;
    private final RecentAppends recentAppends;

    @Inject
    public LuceneSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory, Directory directory,
                             MessageId.Factory messageIdFactory, SessionProvider sessionProvider,
                             RecentAppends recentAppends) throws IOException {
        super(factory, mailboxIdFactory, directory, DROP_INDEX_ON_START, LENIENT, messageIdFactory, sessionProvider);
        this.sessionProvider = sessionProvider;
        this.recentAppends = recentAppends;
    }

    @Override
    protected Analyzer createAnalyzer(boolean lenient) {
        // Called by the parent's constructor: uses no field of this class.
        return lenient ? new ReusableLenientAnalyzer() : super.createAnalyzer(false);
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        if (event instanceof Added added) {
            Optional<List<RecentAppends.Appended>> appended = recentAppends.takeAll(added.getMailboxId(), added.getUids());
            if (appended.isPresent()) {
                MailboxSession session = sessionProvider.createSystemSession(event.getUsername());
                return Flux.fromIterable(appended.get())
                    .concatMap(message -> add(session, message.mailbox(), message.message()))
                    .then();
            }
        }
        return super.reactiveEvent(event);
    }
}
