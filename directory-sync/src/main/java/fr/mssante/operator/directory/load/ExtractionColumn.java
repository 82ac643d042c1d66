package fr.mssante.operator.directory.load;

import java.text.Normalizer;
import java.util.Locale;

/** The 31 columns of Extraction_Correspondance_MSSante, in file order, with their header as published. */
public enum ExtractionColumn {
    TYPE_BAL("Type de BAL"),
    ADDRESS("Adresse BAL"),
    PP_ID_TYPE("Type Identifiant PP"),
    PP_ID("Identifiant PP"),
    PP_NATIONAL_ID("Identification nationale PP"),
    STRUCTURE_ID_TYPE("Type identifiant structure"),
    STRUCTURE_ID("Identification Structure"),
    SERVICE("Service de rattachement"),
    CIVILITY("Civilité d'exercice"),
    LAST_NAME("Nom d'exercice"),
    FIRST_NAME("Prénom d'exercice"),
    PROFESSION_CATEGORY("Catégorie profession"),
    PROFESSION_CATEGORY_LABEL("Libellé de catégorie profession"),
    PROFESSION_CODE("Code Profession"),
    PROFESSION_LABEL("Libellé Profession"),
    SPECIALTY_CODE("Code savoir-faire"),
    SPECIALTY_LABEL("Libellé savoir-faire"),
    DEMATERIALISATION("Dématérialisation"),
    STRUCTURE_NAME("Raison Sociale structure BAL"),
    TRADE_NAME("Enseigne commerciale structure BAL"),
    ADDRESS_COMPLEMENT("L2COMPLEMENTLOCALISATION structure BAL"),
    ADDRESS_DISTRIBUTION("L3COMPLEMENTDISTRIBUTION structure BAL"),
    STREET_NUMBER("L4NUMEROVOIE structure BAL"),
    STREET_NUMBER_COMPLEMENT("L4COMPLEMENTNUMEROVOIE structure BAL"),
    STREET_TYPE("NL4TYPEVOIE structure BAL"),
    STREET_NAME("L4LIBELLEVOIE structure BAL"),
    LOCALITY("L5LIEUDITMENTION structure BAL"),
    DELIVERY_LINE("L6LIGNEACHEMINEMENT structure BAL"),
    POSTAL_CODE("Code postal structure BAL"),
    DEPARTMENT("Département structure BAL"),
    COUNTRY("Pays structure BAL");

    private final String header;
    private final String key;

    ExtractionColumn(String header) {
        this.header = header;
        this.key = stripSuffix(normalise(header));
    }

    public String header() {
        return header;
    }

    /** The column a header cell names, or null: accents, case, blanks, punctuation and a "structure BAL" suffix are ignored. */
    public static ExtractionColumn matching(String headerCell) {
        String cell = stripSuffix(normalise(headerCell));
        if (cell.isEmpty()) {
            return null;
        }
        for (ExtractionColumn column : values()) {
            if (column.key.equals(cell)) {
                return column;
            }
        }
        return null;
    }

    static String normalise(String text) {
        String decomposed = Normalizer.normalize(text.replace("\uFEFF", ""), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stripSuffix(String key) {
        for (String suffix : new String[] {"structurebal", "structure", "bal"}) {
            if (key.endsWith(suffix) && key.length() > suffix.length() + 3) {
                return key.substring(0, key.length() - suffix.length());
            }
        }
        return key;
    }
}
