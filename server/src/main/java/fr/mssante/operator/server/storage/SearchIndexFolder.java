package fr.mssante.operator.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.apache.lucene.analysis.KeywordAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index's folder ({@code var/lucene}), checked before James opens it. An index Lucene cannot read (a
 * file truncated by a disk or file-system fault) used to stop the server at start ("Fatal error while starting
 * James"), and a folder an operator deleted left searches empty after a clean stop. Now an unreadable index is moved
 * aside to {@code var/lucene.unreadable-<time>} and, like a missing one, started empty and filled from the mailboxes
 * by {@link SearchIndexRecovery} in the background while mail flows; the mailboxes are the reference, the index is
 * derived from them.
 */
public final class SearchIndexFolder {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexFolder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Directory directory;
    private final Optional<String> rebuildReason;

    private SearchIndexFolder(Directory directory, Optional<String> rebuildReason) {
        this.directory = directory;
        this.rebuildReason = rebuildReason;
    }

    /** An index taken as it is (tests). */
    static SearchIndexFolder of(Directory directory) {
        return new SearchIndexFolder(directory, Optional.empty());
    }

    static SearchIndexFolder open(Path folder) throws IOException {
        Files.createDirectories(folder);
        Directory directory = FSDirectory.open(folder.toFile());
        if (directory.listAll().length == 0) {
            return new SearchIndexFolder(directory, Optional.of("no search index in " + folder));
        }
        try {
            // What James does next: a writer reads every commit point of the index, where a reader needs only one.
            new IndexWriter(directory, new IndexWriterConfig(Version.LUCENE_31, new KeywordAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.APPEND)).close();
            return new SearchIndexFolder(directory, Optional.empty());
        } catch (IOException | RuntimeException unreadable) {
            directory.close();
            Path aside = folder.resolveSibling(folder.getFileName() + ".unreadable-" + STAMP.format(Instant.now()));
            Files.move(folder, aside);
            LOGGER.error("search index: {} cannot be read ({}); moved to {} (delete it once you no longer need it);"
                + " a new index is filled from the mailboxes in the background", folder, unreadable.toString(), aside);
            Files.createDirectories(folder);
            return new SearchIndexFolder(FSDirectory.open(folder.toFile()),
                Optional.of("the search index could not be read and was moved to " + aside));
        }
    }

    public Directory directory() {
        return directory;
    }

    /** Why every mailbox must be indexed again whatever the last stop was; empty when the index is usable. */
    public Optional<String> rebuildReason() {
        return rebuildReason;
    }
}
