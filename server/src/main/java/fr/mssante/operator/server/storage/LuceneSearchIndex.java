package fr.mssante.operator.server.storage;

import java.io.IOException;

import javax.inject.Inject;

import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.store.Directory;

/** James's Lucene index (lenient analysis, index kept at start) with an analyzer that reuses its token chain. */
public class LuceneSearchIndex extends LuceneMessageSearchIndex {
    private static final boolean DROP_INDEX_ON_START = false;
    private static final boolean LENIENT = true;

    @Inject
    public LuceneSearchIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory, Directory directory,
                             MessageId.Factory messageIdFactory, SessionProvider sessionProvider) throws IOException {
        super(factory, mailboxIdFactory, directory, DROP_INDEX_ON_START, LENIENT, messageIdFactory, sessionProvider);
    }

    @Override
    protected Analyzer createAnalyzer(boolean lenient) {
        // Called by the parent's constructor: uses no field of this class.
        return lenient ? new ReusableLenientAnalyzer() : super.createAnalyzer(false);
    }
}
