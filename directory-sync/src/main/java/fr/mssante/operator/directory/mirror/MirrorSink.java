package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import fr.mssante.operator.directory.mirror.MirrorWriter.Outcome;

import java.io.IOException;

/** Where a loader puts source records: the live mirror ({@link MirrorWriter}) or a bulk LDIF file ({@link LdifMirrorFile}). */
public interface MirrorSink {
    /**
     * Writes {@code desired} unless it holds the same content already; a second record with a key this load
     * already wrote is a {@link Outcome#DUPLICATE} and is not written. {@code origin} names the source record.
     */
    Outcome upsert(Kind kind, Entry desired, String origin) throws LDAPException, IOException;

    /** Marks a record as present in the source without writing it (a line too broken to load). */
    void markSeen(Kind kind, String rdnValue);
}
