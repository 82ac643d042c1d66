package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFWriter;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static fr.mssante.operator.directory.mirror.MirrorAttributes.CONTENT_HASH;

/**
 * A whole mirror written as one LDIF file, parents first, for an offline bulk import into an empty OpenLDAP
 * database ({@code slapadd -q}): the first national load then costs no LDAP round trip at all. Entries carry
 * the same {@code mssContentHash} as {@link MirrorWriter} would write, so the daily online reload that follows
 * finds them unchanged and writes only what the next file changes.
 */
public final class LdifMirrorFile implements MirrorSink, AutoCloseable {
    private final LDIFWriter ldif;
    private final ContentHash contentHash = new ContentHash();
    private final Map<Kind, Set<String>> written = new EnumMap<>(Kind.class);
    private long entries;

    /** Creates {@code target} (it must not exist yet) and writes the base entry and the three containers. */
    public LdifMirrorFile(Path target, MirrorLayout layout) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(target,
                StandardOpenOption.CREATE_NEW), 1 << 16);
        this.ldif = new LDIFWriter(out);
        for (Kind kind : Kind.values()) {
            written.put(kind, new HashSet<>());
        }
        for (Entry entry : layout.skeleton()) {
            write(entry);
        }
    }

    @Override
    public Outcome upsert(Kind kind, Entry desired, String origin) throws IOException {
        String key = desired.getAttributeValue(kind.rdnAttribute);
        if (!written.get(kind).add(key == null ? "" : key.toLowerCase(Locale.ROOT))) {
            return Outcome.DUPLICATE;
        }
        Entry entry = desired.duplicate();
        entry.setAttribute(CONTENT_HASH, ContentHash.hex(contentHash.of(desired)));
        write(entry);
        return Outcome.ADDED;
    }

    /** Nothing to remember: an empty mirror has nothing a broken line could withdraw. */
    @Override
    public void markSeen(Kind kind, String rdnValue) {
    }

    /** Entries written so far, the skeleton included. */
    public long entries() {
        return entries;
    }

    @Override
    public void close() throws IOException {
        ldif.close();
    }

    private void write(Entry entry) throws IOException {
        ldif.writeEntry(entry);
        entries++;
    }
}
