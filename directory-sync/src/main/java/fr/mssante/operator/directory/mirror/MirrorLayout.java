package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.List;
import java.util.Locale;

/**
 * Where things live in the mirror: {@code ou=mailboxes}, {@code ou=professionals} and {@code ou=structures}
 * under a base DN ({@value #DEFAULT_BASE_DN} by default).
 */
public final class MirrorLayout {
    public static final String DEFAULT_BASE_DN = "o=annuaire-sante,c=fr";

    private final DN base;
    private final DN mailboxes;
    private final DN professionals;
    private final DN structures;

    public MirrorLayout(String baseDn) {
        try {
            this.base = new DN(baseDn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("invalid mirror base DN '" + baseDn + "': " + e.getMessage(), e);
        }
        this.mailboxes = new DN(new RDN("ou", "mailboxes"), base);
        this.professionals = new DN(new RDN("ou", "professionals"), base);
        this.structures = new DN(new RDN("ou", "structures"), base);
    }

    public static MirrorLayout defaults() {
        return new MirrorLayout(DEFAULT_BASE_DN);
    }

    public DN base() {
        return base;
    }

    public DN mailboxes() {
        return mailboxes;
    }

    public DN professionals() {
        return professionals;
    }

    public DN structures() {
        return structures;
    }

    public DN mailboxDn(String address) {
        return new DN(new RDN(MirrorAttributes.ADDRESS, address.toLowerCase(Locale.ROOT)), mailboxes);
    }

    public DN professionalDn(String professionalId) {
        return new DN(new RDN(MirrorAttributes.PROFESSIONAL_ID, professionalId), professionals);
    }

    public DN structureDn(String structureId) {
        return new DN(new RDN(MirrorAttributes.STRUCTURE_ID, structureId), structures);
    }

    /** The base entry and the three containers, for an empty mirror. */
    public List<Entry> skeleton() {
        String rdnAttribute = base.getRDN().getAttributeNames()[0].toLowerCase(Locale.ROOT);
        String rdnValue = base.getRDN().getAttributeValues()[0];
        String objectClass = switch (rdnAttribute) {
            case "o" -> "organization";
            case "ou" -> "organizationalUnit";
            case "dc" -> "domain";
            default -> throw new IllegalStateException("base DN must start with o=, ou= or dc=: " + base);
        };
        Entry root = new Entry(base);
        root.addAttribute("objectClass", "top", objectClass);
        root.addAttribute(rdnAttribute, rdnValue);
        return List.of(root, container(mailboxes), container(professionals), container(structures));
    }

    private static Entry container(DN dn) {
        Entry entry = new Entry(dn);
        entry.addAttribute("objectClass", "top", "organizationalUnit");
        entry.addAttribute("ou", dn.getRDN().getAttributeValues()[0]);
        return entry;
    }
}
