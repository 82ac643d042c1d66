package fr.mssante.operator.bench.directory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes a synthetic {@code Extraction_Correspondance_MSSante} in the published 31-column format: PER and ORG rows
 * (85 / 15 %), professionals with one or two mailboxes, a few thousand structures, the first {@code ownRows} rows in
 * the operator's own domains. Deterministic (fixed seed).
 */
final class SyntheticExtraction {
    static final String HEADER = "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP"
            + "|Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice"
            + "|Nom d'exercice|Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|Code Profession"
            + "|Libellé Profession|Code savoir-faire|Libellé savoir-faire|Dématérialisation|Raison Sociale structure BAL"
            + "|Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION structure BAL|L3COMPLEMENTDISTRIBUTION"
            + " structure BAL|L4NUMEROVOIE structure BAL|L4COMPLEMENTNUMEROVOIE structure BAL|NL4TYPEVOIE structure BAL"
            + "|L4LIBELLEVOIE structure BAL|L5LIEUDITMENTION structure BAL|L6LIGNEACHEMINEMENT structure BAL"
            + "|Code postal structure BAL|Département structure BAL|Pays structure BAL";
    private static final String[] LAST = {"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT",
            "DURAND", "LEROY", "MOREAU"};
    private static final String[] FIRST = {"Jean", "Marie", "Pierre", "Zoé", "Hélène", "Paul", "Léa", "Louis"};
    private static final String[] PROFESSIONS = {"10|Médecin", "21|Pharmacien", "60|Infirmier", "40|Chirurgien-Dentiste",
            "50|Sage-Femme", "70|Masseur-Kinésithérapeute"};
    private static final String[] SERVICES = {"Cardiologie", "Urgences", "Radiologie", "Pédiatrie", "Secrétariat"};

    private SyntheticExtraction() {
    }

    /** Row {@code i}'s address: own domains for the first {@code ownRows} rows, then other operators' domains. */
    static String address(int i, int ownRows, List<String> ownDomains) {
        String domain = i < ownRows ? ownDomains.get(i % ownDomains.size()) : "ch-" + (i % 5000) + ".mssante.fr";
        return "bal" + i + "@" + domain;
    }

    /** {@code day} 1 is the base file; another day changes the display name of one row in a hundred. */
    static void write(Path file, int rows, int ownRows, List<String> ownDomains, int day) throws IOException {
        Random random = new Random(535_000);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(400);
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                boolean per = random.nextInt(100) < 85;
                int structure = random.nextInt(30_000);
                String structureId = "1" + (750_000_000 + structure);
                // About one professional in ten has two mailboxes.
                int professional = i - (i % 10 == 1 ? 1 : 0);
                String rpps = String.valueOf(10_000_000_000L + professional);
                String[] profession = PROFESSIONS[professional % PROFESSIONS.length].split("\\|");
                line.append(per ? "PER" : "ORG").append('|').append(address(i, ownRows, ownDomains)).append('|');
                if (per) {
                    line.append("8|").append(rpps).append("|8").append(rpps).append('|');
                } else {
                    line.append("|||");
                }
                line.append("1|").append(structureId).append('|');
                line.append(per ? "" : SERVICES[i % SERVICES.length] + (i % 100 == 50 && day > 1 ? " " + day : ""))
                        .append('|');
                if (per) {
                    line.append("DR|").append(LAST[professional % LAST.length]).append(i % 100 == 50 && day > 1 ? "-" + day : "").append('|')
                            .append(FIRST[professional % FIRST.length]).append("|C|Civil|").append(profession[0])
                            .append('|').append(profession[1]).append("|||");
                } else {
                    line.append("|||||||||");
                }
                line.append(random.nextInt(10) < 8 ? "O" : "N").append('|');
                line.append("CENTRE HOSPITALIER ").append(structure).append("||||").append(structure % 200 + 1)
                        .append("||R|DE LA SANTE||").append(String.format("%05d", 1000 + structure % 95_000))
                        .append(" VILLE|").append(String.format("%05d", 1000 + structure % 95_000)).append('|')
                        .append(String.format("%02d", 1 + structure % 95)).append("|FRANCE\n");
                out.append(line);
            }
        }
    }
}
