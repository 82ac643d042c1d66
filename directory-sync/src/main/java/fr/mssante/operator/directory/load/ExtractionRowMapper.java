package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.Entry;
import fr.mssante.operator.directory.mirror.BalType;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.MailboxEntryMapper;
import fr.mssante.operator.directory.mirror.MirrorAttributes;
import fr.mssante.operator.directory.mirror.MirrorLayout;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static fr.mssante.operator.directory.load.ExtractionColumn.*;

/** Turns an extraction row into mirror entries: the mailbox, its professional and its structure. */
final class ExtractionRowMapper {
    static final String SOURCE = "extraction";
    private static final Pattern ADDRESS_PATTERN = Pattern.compile("[^@\\s\"|]+@[^@\\s\"|]+\\.[^@\\s\"|]+");

    /** The entries of one row; professional and structure are null when the row names none. */
    record Mapped(Entry mailbox, Entry professional, Entry structure, List<String> warnings) {
    }

    private final MirrorLayout layout;

    ExtractionRowMapper(MirrorLayout layout) {
        this.layout = layout;
    }

    static boolean isAddress(String value) {
        return value != null && ADDRESS_PATTERN.matcher(value).matches();
    }

    /** Throws IllegalArgumentException with a precise reason when the row cannot be loaded. */
    Mapped map(ExtractionRow row) {
        String address = row.get(ADDRESS);
        if (address == null) {
            throw new IllegalArgumentException("empty '" + ADDRESS.header() + "'");
        }
        address = address.toLowerCase(Locale.ROOT);
        if (!isAddress(address)) {
            throw new IllegalArgumentException("invalid mailbox address '" + address + "'");
        }
        BalType type = BalType.parse(row.get(TYPE_BAL));
        List<String> warnings = new java.util.ArrayList<>();
        Boolean dematerialisation = yesNo(row.get(DEMATERIALISATION), warnings);
        String professionalId = professionalId(row);
        if (type == BalType.PER && professionalId == null) {
            warnings.add("PER mailbox " + address + " has no professional id");
        }
        String structureId = row.get(STRUCTURE_ID);
        DirectoryMailbox mailbox = new DirectoryMailbox(address, type, displayName(type, row), null, null,
                row.get(SERVICE), null, dematerialisation, false, professionalId, structureId, true, null);
        Entry mailboxEntry = MailboxEntryMapper.toEntry(layout, mailbox);
        mailboxEntry.addAttribute(MirrorAttributes.SOURCE, SOURCE);
        return new Mapped(mailboxEntry, professionalId == null ? null : professional(professionalId, row),
                structureId == null ? null : structure(structureId, row), warnings);
    }

    private static String professionalId(ExtractionRow row) {
        String national = row.get(PP_NATIONAL_ID);
        if (national != null) {
            return national;
        }
        String type = row.get(PP_ID_TYPE);
        String id = row.get(PP_ID);
        return type != null && id != null ? type + id : null;
    }

    private static Boolean yesNo(String value, List<String> warnings) {
        if (value == null) {
            return null;
        }
        switch (value.toUpperCase(Locale.ROOT)) {
            case "O", "OUI", "TRUE", "1":
                return Boolean.TRUE;
            case "N", "NON", "FALSE", "0":
                return Boolean.FALSE;
            default:
                warnings.add("'" + DEMATERIALISATION.header() + "' is '" + value + "', expected O or N: ignored");
                return null;
        }
    }

    private static String displayName(BalType type, ExtractionRow row) {
        if (type == BalType.PER || type == BalType.CAB) {
            String name = join(" ", row.get(CIVILITY), row.get(FIRST_NAME), row.get(LAST_NAME));
            if (!name.isEmpty()) {
                return name;
            }
        }
        String organisation = row.get(TRADE_NAME) != null ? row.get(TRADE_NAME) : row.get(STRUCTURE_NAME);
        String name = join(" - ", row.get(SERVICE), organisation);
        return name.isEmpty() ? null : name;
    }

    private Entry professional(String id, ExtractionRow row) {
        Entry entry = new Entry(layout.professionalDn(id));
        entry.addAttribute("objectClass", "top", MirrorAttributes.PROFESSIONAL_CLASS);
        entry.addAttribute(MirrorAttributes.PROFESSIONAL_ID, id);
        put(entry, "mssPpIdType", row.get(PP_ID_TYPE));
        put(entry, "mssPpId", row.get(PP_ID));
        put(entry, "mssCivility", row.get(CIVILITY));
        put(entry, "cn", join(" ", row.get(FIRST_NAME), row.get(LAST_NAME)));
        put(entry, "sn", row.get(LAST_NAME));
        put(entry, "givenName", row.get(FIRST_NAME));
        put(entry, "mssProfessionCategory", row.get(PROFESSION_CATEGORY));
        put(entry, "mssProfessionCategoryLabel", row.get(PROFESSION_CATEGORY_LABEL));
        put(entry, "mssProfessionCode", row.get(PROFESSION_CODE));
        put(entry, "mssProfessionLabel", row.get(PROFESSION_LABEL));
        put(entry, "mssSpecialtyCode", row.get(SPECIALTY_CODE));
        put(entry, "mssSpecialtyLabel", row.get(SPECIALTY_LABEL));
        entry.addAttribute(MirrorAttributes.SOURCE, SOURCE);
        return entry;
    }

    private Entry structure(String id, ExtractionRow row) {
        Entry entry = new Entry(layout.structureDn(id));
        entry.addAttribute("objectClass", "top", MirrorAttributes.STRUCTURE_CLASS);
        entry.addAttribute(MirrorAttributes.STRUCTURE_ID, id);
        String type = row.get(STRUCTURE_ID_TYPE);
        put(entry, "mssStructureIdType", type);
        // The national structure id is the type prefix followed by the FINESS, SIRET... [assumed from samples].
        put(entry, "mssStructureLocalId", type != null && id.startsWith(type) && id.length() > type.length()
                ? id.substring(type.length()) : id);
        put(entry, "o", row.get(STRUCTURE_NAME));
        put(entry, "mssTradeName", row.get(TRADE_NAME));
        put(entry, "mssAddressComplement", row.get(ADDRESS_COMPLEMENT));
        put(entry, "mssAddressDistribution", row.get(ADDRESS_DISTRIBUTION));
        put(entry, "mssStreetNumber", row.get(STREET_NUMBER));
        put(entry, "mssStreetNumberComplement", row.get(STREET_NUMBER_COMPLEMENT));
        put(entry, "mssStreetType", row.get(STREET_TYPE));
        put(entry, "mssStreetName", row.get(STREET_NAME));
        put(entry, "mssLocality", row.get(LOCALITY));
        put(entry, "mssDeliveryLine", row.get(DELIVERY_LINE));
        put(entry, "postalCode", row.get(POSTAL_CODE));
        put(entry, "mssDepartment", row.get(DEPARTMENT));
        put(entry, "mssCountry", row.get(COUNTRY));
        entry.addAttribute(MirrorAttributes.SOURCE, SOURCE);
        return entry;
    }

    private static void put(Entry entry, String attribute, String value) {
        if (value != null && !value.isEmpty()) {
            entry.addAttribute(attribute, value);
        }
    }

    private static String join(String separator, String... parts) {
        return Stream.of(parts).filter(Objects::nonNull).collect(Collectors.joining(separator));
    }
}
