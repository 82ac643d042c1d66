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

    public static TrustSpaceConfig from(Properties p) {
        Hierarchy hierarchy = Hierarchy.parse(required(p, PREFIX + "hierarchy"));
        List<Path> anchors = Arrays.stream(required(p, PREFIX + "anchors").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        String keyStore = p.getProperty("mssante.tls.keystore");
        String password = p.getProperty("mssante.tls.keystore.password", "");
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
                        .map(String::trim).map(CertificateProfile::valueOf).collect(Collectors.toUnmodifiableSet()),
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
