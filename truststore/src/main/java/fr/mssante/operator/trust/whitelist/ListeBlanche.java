package fr.mssante.operator.trust.whitelist;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * An immutable liste blanche: domain (normal form, see {@link DomainNames}) → set of operator certificate
 * DNs allowed to speak for it. Lookups are hash lookups.
 */
public final class ListeBlanche {
    public static final ListeBlanche EMPTY = new ListeBlanche(null, List.of());

    private final Instant generatedAt;
    private final List<ListeBlancheEntry> entries;
    private final Map<String, Set<CanonicalDn>> byDomain;
    private final Set<CanonicalDn> operators;

    public ListeBlanche(Instant generatedAt, List<ListeBlancheEntry> entries) {
        this.generatedAt = generatedAt;
        this.entries = List.copyOf(entries);
        Map<String, Set<CanonicalDn>> map = new HashMap<>();
        Set<CanonicalDn> ops = new HashSet<>();
        for (ListeBlancheEntry e : entries) {
            map.computeIfAbsent(e.domain(), k -> new HashSet<>()).add(e.operatorDn());
            ops.add(e.operatorDn());
        }
        map.replaceAll((k, v) -> Set.copyOf(v));
        this.byDomain = Map.copyOf(map);
        this.operators = Set.copyOf(ops);
    }

    /** DNs listed for the domain; empty if the domain is not in the trust space (or not a domain name). */
    public Set<CanonicalDn> dnsFor(String domain) {
        try {
            return byDomain.getOrDefault(DomainNames.normalize(domain), Set.of());
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
    }

    public boolean isListed(String domain, CanonicalDn dn) {
        return dnsFor(domain).contains(dn);
    }

    public boolean isListed(String domain, X500Principal subject) {
        return isListed(domain, CanonicalDn.of(subject));
    }

    /**
     * Host names (CNs) of the operator certificates listed for the domain: the MX hosts a delivery to this
     * domain may legitimately reach. Lets the delivery pipeline check an MX before handing mail to JavaMail.
     */
    public Set<String> operatorHostsFor(String domain) {
        Set<String> hosts = new HashSet<>();
        for (CanonicalDn dn : dnsFor(domain)) {
            if (dn.commonName() != null) {
                hosts.add(dn.commonName());
            }
        }
        return Set.copyOf(hosts);
    }

    public boolean containsDomain(String domain) {
        return !dnsFor(domain).isEmpty();
    }

    /** True when the DN is listed for at least one domain (it is an MSSanté operator certificate). */
    public boolean isOperator(CanonicalDn dn) {
        return operators.contains(dn);
    }

    public Set<String> domains() {
        return Collections.unmodifiableSet(byDomain.keySet());
    }

    public int domainCount() {
        return byDomain.size();
    }

    public int entryCount() {
        return entries.size();
    }

    public List<ListeBlancheEntry> entries() {
        return entries;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "no liste blanche (every domain refused)";
        }
        return "liste blanche generated " + (generatedAt == null ? "at an unknown date" : generatedAt) + ": " + entries.size() + " entries, " + byDomain.size() + " domains, "
                + operators.size() + " operator certificates";
    }
}
