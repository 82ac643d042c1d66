package fr.mssante.operator.directory.mirror;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Does a server certificate name this host? RFC 6125 rules, subjectAltName only (no fallback to the CN): an IP
 * literal must be an {@code iPAddress} entry, a host name a {@code dNSName} entry, where {@code *.} may stand for
 * exactly one leftmost label.
 */
final class MirrorHostName {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private MirrorHostName() {
    }

    /** The certificate's DNS and IP subjectAltNames, as {@code DNS:name} and {@code IP:address}. */
    static List<String> subjectAltNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    if (type == DNS_NAME) {
                        names.add("DNS:" + entry.get(1));
                    } else if (type == IP_ADDRESS) {
                        names.add("IP:" + entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names nothing: the host check then fails with "no subjectAltName".
        }
        return names;
    }

    static boolean matches(String host, List<String> subjectAltNames) {
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.endsWith(".")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        boolean ipLiteral = wanted.contains(":") || wanted.matches("[0-9.]+");
        for (String name : subjectAltNames) {
            if (ipLiteral && name.startsWith("IP:") && sameAddress(wanted, name.substring(3))) {
                return true;
            }
            if (!ipLiteral && name.startsWith("DNS:") && dnsMatches(wanted, name.substring(4).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String host, String pattern) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return host.equals(pattern);
    }

    /** Both are literals (no name lookup happens): compares 127.0.0.1 and ::1 style forms by value. */
    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a.replace("[", "").replace("]", ""))
                    .equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
