package fr.mssante.operator.trust.whitelist;

import java.time.Instant;

/** One {@code Domaine} element: a (domain, operator certificate DN) pair with its contacts. */
public record ListeBlancheEntry(String domain, String description, CanonicalDn operatorDn, String responsableContact,
                                String supportContact, Instant updatedAt) {
}
