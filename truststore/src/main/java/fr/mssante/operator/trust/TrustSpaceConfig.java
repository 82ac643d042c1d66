package fr.mssante.operator.trust;

import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trust space settings, read from properties (keys in docs/truststore.md). Every bad value fails at start
 * with the key and the value named.
 */
public record TrustSpaceConfig(Hierarchy hierarchy, List<Path> anchors, ProfilePolicies policies,
                               Path crlCacheDir, Path crlDir, boolean crlDownload, Duration crlGrace,
                               Duration crlTimeout, Duration crlCheckInterval, boolean ocspFirst,
                               Path listeBlancheFile, String listeBlancheUrl, Path listeBlancheLastGood,
                               double listeBlancheMaxShrink, Duration listeBlancheRefresh,
                               Set<CertificateProfile> clientProfiles,
                               Path keyStore, char[] keyStorePassword, String keyStoreType) {

    public static final String PREFIX = "mssante.trust.";
    /** System property naming a properties file with the settings below. */
    public static final String CONFIG_FILE_PROPERTY = "mssante.trust.config";

    private static final Set<String> KNOWN = Set.of("hierarchy", "anchors", "crl.cache-dir", "crl.dir", "crl.download",
            "crl.grace", "crl.timeout", "crl.check-interval", "ocsp", "listeblanche.file", "listeblanche.url",
            "listeblanche.last-good", "listeblanche.max-shrink", "listeblanche.refresh", "client-profiles", "config");
    private static final Set<String> KNOWN_TLS = Set.of("mssante.tls.keystore", "mssante.tls.password",
            "mssante.tls.keystore.type");

    public static TrustSpaceConfig from(Properties p) {
        rejectUnknownKeys(p);
        Hierarchy hierarchy = Hierarchy.parse(required(p, PREFIX + "hierarchy"));
        List<Path> anchors = Arrays.stream(required(p, PREFIX + "anchors").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        String keyStore = p.getProperty("mssante.tls.keystore");
        String password = p.getProperty("mssante.tls.password", "");
        return new TrustSpaceConfig(hierarchy, anchors,
                ProfilePolicies.fromProperties(hierarchy, p, PREFIX + "policy."),
                path(p, PREFIX + "crl.cache-dir"), path(p, PREFIX + "crl.dir"),
                Boolean.parseBoolean(p.getProperty(PREFIX + "crl.download", "true")),
                duration(p, PREFIX + "crl.grace", "PT0S"), duration(p, PREFIX + "crl.timeout", "PT10S"),
                duration(p, PREFIX + "crl.check-interval", "PT5M"), ocsp(p),
                path(p, PREFIX + "listeblanche.file"), p.getProperty(PREFIX + "listeblanche.url"),
                path(p, PREFIX + "listeblanche.last-good"),
                fraction(p, PREFIX + "listeblanche.max-shrink", "0.10"),
                duration(p, PREFIX + "listeblanche.refresh", "PT6H"),
                Arrays.stream(p.getProperty(PREFIX + "client-profiles", "SERV_SSL_CLIENT").split(","))
                        .map(String::trim).map(CertificateProfile::parse).collect(Collectors.toUnmodifiableSet()),
                keyStore == null ? null : Path.of(keyStore), password.toCharArray(),
                p.getProperty("mssante.tls.keystore.type", "PKCS12"));
    }

    /**
     * The file named by system property {@value #CONFIG_FILE_PROPERTY} (if set), overlaid by every
     * {@code mssante.*} system property. Used by {@code MssanteSocketFactory.getDefault()}.
     */
    public static TrustSpaceConfig fromSystem() {
        return from(systemProperties(null));
    }

    /**
     * Settings as properties: {@code file} (or, if null, the file named by {@value #CONFIG_FILE_PROPERTY}),
     * overlaid by every {@code mssante.*} system property.
     */
    public static Properties systemProperties(Path file) {
        Properties p = new Properties();
        String name = file != null ? file.toString() : System.getProperty(CONFIG_FILE_PROPERTY);
        if (name != null) {
            try (Reader in = Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read trust configuration " + name + ": " + e.getMessage(), e);
            }
        }
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("mssante.") && !k.toString().equals(CONFIG_FILE_PROPERTY)) {
                p.setProperty(k.toString(), v.toString());
            }
        });
        return p;
    }

    /** A misspelt key would silently fall back to a default: refuse it, naming it. */
    private static void rejectUnknownKeys(Properties p) {
        for (String key : p.stringPropertyNames()) {
            boolean known;
            if (key.startsWith(PREFIX)) {
                String k = key.substring(PREFIX.length());
                known = KNOWN.contains(k) || k.startsWith("policy.");
                if (k.startsWith("policy.")) {
                    checkProfileName(key, k.substring("policy.".length()));
                }
            } else if (key.startsWith("mssante.tls.")) {
                known = KNOWN_TLS.contains(key);
            } else {
                continue;
            }
            if (!known) {
                throw new IllegalArgumentException("unknown trust setting " + key + " (see docs/truststore.md; known: "
                        + KNOWN.stream().sorted().map(k -> PREFIX + k).toList() + ", " + PREFIX + "policy.<PROFILE>, "
                        + KNOWN_TLS.stream().sorted().toList() + ")");
            }
        }
    }

    private static void checkProfileName(String key, String name) {
        try {
            CertificateProfile.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown certificate profile '" + name + "' (one of "
                    + List.of(CertificateProfile.values()) + ")");
        }
    }

    private static boolean ocsp(Properties p) {
        String v = p.getProperty(PREFIX + "ocsp", "off").trim();
        return switch (v) {
            case "off" -> false;
            case "prefer" -> true;
            default -> throw new IllegalArgumentException(PREFIX + "ocsp=" + v + " must be off or prefer");
        };
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing trust setting " + key);
        }
        return v.trim();
    }

    private static Path path(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    private static Duration duration(Properties p, String key, String def) {
        String v = p.getProperty(key, def).trim();
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not an ISO-8601 duration such as PT6H");
        }
    }

    private static double fraction(Properties p, String key, String def) {
        String v = p.getProperty(key, def).trim();
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d > 1) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " must be a fraction between 0 and 1 (e.g. 0.10)");
        }
    }
}
