package fr.mssante.operator.trust.whitelist;

import java.net.IDN;
import java.util.Locale;

/** Domain name normal form for lookups: trimmed, no trailing dot, lower case, IDN in ASCII (punycode). */
public final class DomainNames {
    private DomainNames() {
    }

    /** @throws IllegalArgumentException for something that is not a domain name */
    public static String normalize(String domain) {
        if (domain == null) {
            throw new IllegalArgumentException("no domain name");
        }
        String d = domain.trim();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        if (isPlainAscii(d)) {
            return d.toLowerCase(Locale.ROOT); // fast path: the lookup target is < 1 µs
        }
        try {
            return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid domain name '" + domain + "': " + e.getMessage(), e);
        }
    }

    private static boolean isPlainAscii(String d) {
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
