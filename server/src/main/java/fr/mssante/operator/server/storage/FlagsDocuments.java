package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermDocs;

/**
 * Rewrites the flags documents of James's Lucene index for a batch of flag changes, with one reader for the batch.
 * James opens a near-real-time reader and collects up to 100,000 hits for each changed message: the SELECT that
 * clears \Recent on a 50,000-message mailbox spent minutes there (bench-server.md run 32). The documents written are
 * James's: the stored document read back, its flag terms replaced as James writes them (LuceneMessageSearchIndex,
 * 3.8.1), so James's searches read them unchanged. Like James, a message without a flags document (not indexed yet)
 * is left to whoever indexes it.
 */
final class FlagsDocuments {
    // James's field names and document id, private in LuceneMessageSearchIndex 3.8.1.
    private static final String ID_FIELD = "id";
    private static final String FLAGS_FIELD = "flags";

    private final IndexWriter writer;

    FlagsDocuments(IndexWriter writer) {
        this.writer = writer;
    }

    /** The writer James's index keeps private: Lucene allows one writer per index, so it has to be that one. */
    static FlagsDocuments of(LuceneMessageSearchIndex index) {
        try {
            Field writer = LuceneMessageSearchIndex.class.getDeclaredField("writer");
            writer.setAccessible(true);
            return new FlagsDocuments((IndexWriter) writer.get(index));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("James's LuceneMessageSearchIndex has no 'writer' field to update flags"
                + " with (written for James 3.8.1): " + e, e);
        }
    }

    void update(MailboxId mailboxId, List<UpdatedFlags> changes) {
        try (IndexReader reader = IndexReader.open(writer, true)) {
            for (UpdatedFlags change : changes) {
                Term id = new Term(ID_FIELD, "flags-" + mailboxId.serialize() + "-" + change.getUid().asLong());
                try (TermDocs documents = reader.termDocs(id)) {
                    if (documents.next()) {
                        Document flags = reader.document(documents.doc());
                        flags.removeFields(FLAGS_FIELD);
                        addFlags(flags, change.getNewFlags());
                        writer.updateDocument(id, flags);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not update the flags of " + changes.size() + " messages of mailbox "
                + mailboxId.serialize() + " in the search index", e);
        }
    }

    private static void addFlags(Document document, Flags flags) {
        Flags.Flag[] system = flags.getSystemFlags();
        String[] user = flags.getUserFlags();
        for (Flags.Flag flag : system) {
            document.add(term(systemFlag(flag), Store.YES));
        }
        for (String flag : user) {
            document.add(term(flag, Store.YES));
        }
        if (system.length == 0 && user.length == 0) {
            document.add(term("", Store.NO));
        }
    }

    private static org.apache.lucene.document.Field term(String value, Store store) {
        return new org.apache.lucene.document.Field(FLAGS_FIELD, value, store, Index.NOT_ANALYZED);
    }

    /** James's terms (\SEEN is indexed as "\FLAG"; its searches look for the same). */
    private static String systemFlag(Flags.Flag flag) {
        if (Flags.Flag.ANSWERED.equals(flag)) {
            return "\\ANSWERED";
        } else if (Flags.Flag.DELETED.equals(flag)) {
            return "\\DELETED";
        } else if (Flags.Flag.DRAFT.equals(flag)) {
            return "\\DRAFT";
        } else if (Flags.Flag.FLAGGED.equals(flag)) {
            return "\\FLAGGED";
        } else if (Flags.Flag.RECENT.equals(flag)) {
            return "\\RECENT";
        } else if (Flags.Flag.SEEN.equals(flag)) {
            return "\\FLAG";
        }
        return flag.toString();
    }
}
