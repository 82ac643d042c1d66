package fr.mssante.operator.directory.sync;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import fr.mssante.operator.directory.mirror.BalType;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.MailboxEntryMapper;
import fr.mssante.operator.directory.mirror.MirrorLayout;

/** Writes mailbox entries into a mirror over LDAP, as a loader would. */
final class MirrorFixture {
    private final LDAPInterface ldap;
    private final MirrorLayout layout;

    MirrorFixture(LDAPInterface ldap, MirrorLayout layout) {
        this.ldap = ldap;
        this.layout = layout;
    }

    void add(String address, BalType type, String displayName, boolean listeRouge) throws LDAPException {
        Entry entry = MailboxEntryMapper.toEntry(layout, new DirectoryMailbox(address, type, displayName, null, null,
                null, null, true, listeRouge, type == BalType.PER ? "8100000" + Math.abs(address.hashCode() % 100000) : null,
                "1750000001", true, null));
        ldap.add(entry);
    }

    void set(String address, String attribute, String value) throws LDAPException {
        ldap.modify(layout.mailboxDn(address).toString(), new Modification(ModificationType.REPLACE, attribute, value));
    }

    void withdraw(String address) throws LDAPException {
        set(address, "mssPublicationStatus", "withdrawn");
    }
}
