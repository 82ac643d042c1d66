package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;

import java.util.Locale;

import static fr.mssante.operator.directory.mirror.MirrorAttributes.*;

/** Maps mirror entries to {@link DirectoryMailbox} and back. */
public final class MailboxEntryMapper {
    private MailboxEntryMapper() {
    }

    /** Returns null when the entry lacks a usable address or type (logged by the caller). */
    public static DirectoryMailbox toMailbox(Entry entry) {
        String address = entry.getAttributeValue(ADDRESS);
        String type = entry.getAttributeValue(TYPE);
        if (address == null || address.indexOf('@') <= 0 || type == null) {
            return null;
        }
        BalType balType;
        try {
            balType = BalType.parse(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String marker = entry.getAttributeValue(MODIFY_TIMESTAMP);
        if (marker == null) {
            marker = entry.getAttributeValue(CREATE_TIMESTAMP);
        }
        return new DirectoryMailbox(address.toLowerCase(Locale.ROOT), balType, entry.getAttributeValue(DISPLAY_NAME),
                entry.getAttributeValue(DESCRIPTION), entry.getAttributeValue(RESPONSIBLE),
                entry.getAttributeValue(SERVICE), entry.getAttributeValue(PHONE),
                entry.getAttributeValueAsBoolean(DEMATERIALISATION),
                Boolean.TRUE.equals(entry.getAttributeValueAsBoolean(LISTE_ROUGE)),
                entry.getAttributeValue(PROFESSIONAL_ID), entry.getAttributeValue(STRUCTURE_ID),
                !WITHDRAWN.equalsIgnoreCase(entry.getAttributeValue(PUBLICATION_STATUS)), marker);
    }

    /** The mirror entry of a published mailbox (the loader adds source and hash). */
    public static Entry toEntry(MirrorLayout layout, DirectoryMailbox mailbox) {
        Entry entry = new Entry(layout.mailboxDn(mailbox.address()));
        entry.addAttribute("objectClass", "top", MAILBOX_CLASS);
        entry.addAttribute(ADDRESS, mailbox.address());
        entry.addAttribute(DOMAIN, mailbox.domain());
        entry.addAttribute(TYPE, mailbox.type().name());
        put(entry, DISPLAY_NAME, mailbox.displayName());
        put(entry, DESCRIPTION, mailbox.description());
        put(entry, RESPONSIBLE, mailbox.responsible());
        put(entry, SERVICE, mailbox.service());
        put(entry, PHONE, mailbox.phone());
        if (mailbox.dematerialisation() != null) {
            entry.addAttribute(DEMATERIALISATION, mailbox.dematerialisation() ? "TRUE" : "FALSE");
        }
        entry.addAttribute(LISTE_ROUGE, mailbox.listeRouge() ? "TRUE" : "FALSE");
        put(entry, PROFESSIONAL_ID, mailbox.professionalId());
        put(entry, STRUCTURE_ID, mailbox.structureId());
        entry.addAttribute(PUBLICATION_STATUS, mailbox.published() ? PUBLISHED : WITHDRAWN);
        return entry;
    }

    static void put(Entry entry, String attribute, String value) {
        if (value != null && !value.isBlank()) {
            entry.addAttribute(attribute, value.trim());
        }
    }
}
