package fr.mssante.operator.trust.crl;

import fr.mssante.operator.trust.validation.RevocationChecker;
import fr.mssante.operator.trust.validation.RevocationStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation by CRL. CRLs come from the certificate's HTTP distribution points (downloaded on first need,
 * kept in memory and in an on-disk cache, refreshed in the background before nextUpdate) or from files
 * loaded by the operator. A delta CRL advertised by a base CRL (freshestCRL) is fetched with it and
 * consulted first. Every CRL is checked: issuer name, signature by the issuer's key, and freshness.
 *
 * <p>Fails closed: a CRL past nextUpdate + grace that cannot be refreshed makes the status UNAVAILABLE.
 */
public final class CrlStore implements RevocationChecker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrlStore.class);

    /**
     * @param cacheDir          on-disk cache (null: memory only)
     * @param grace             how long past nextUpdate a CRL that cannot be refreshed is still used (default 0)
     * @param retryInterval     minimum delay between two download attempts of one URL
     * @param refreshAtFraction background refresh once this fraction of [thisUpdate, nextUpdate] has elapsed
     * @param checkInterval     how often the background task looks for CRLs to refresh
     */
    public record Settings(Path cacheDir, Duration grace, Duration retryInterval, double refreshAtFraction,
                           Duration checkInterval) {
        public static Settings defaults(Path cacheDir) {
            return new Settings(cacheDir, Duration.ZERO, Duration.ofSeconds(30), 0.75, Duration.ofMinutes(5));
        }

        public Settings withGrace(Duration g) {
            return new Settings(cacheDir, g, retryInterval, refreshAtFraction, checkInterval);
        }

        public Settings withRetryInterval(Duration r) {
            return new Settings(cacheDir, grace, r, refreshAtFraction, checkInterval);
        }
    }

    /** A base CRL and its optional delta, as loaded; the key that verified them is remembered. */
    private static final class CrlSet {
        final X509CRL base;
        final X509CRL delta;
        final String url;
        final long thisUpdate;
        final long nextUpdate;
        volatile PublicKey verifiedWith;

        CrlSet(X509CRL base, X509CRL delta, String url) {
            this.base = base;
            this.delta = delta;
            this.url = url;
            this.thisUpdate = base.getThisUpdate().getTime();
            long next = base.getNextUpdate().getTime();
            this.nextUpdate = delta == null ? next : Math.min(next, delta.getNextUpdate().getTime());
        }
    }

    private final Settings settings;
    private final CrlFetcher fetcher;
    private final Clock clock;
    private final Map<String, CrlSet> byUrl = new ConcurrentHashMap<>();
    private final Map<X500Principal, CrlSet> byIssuer = new ConcurrentHashMap<>();
    private final Map<X509Certificate, List<String>> distributionPoints = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAttempt = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public CrlStore(Settings settings, CrlFetcher fetcher, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        List<String> urls = distributionPoints.computeIfAbsent(certificate, CrlStore::httpDistributionPoints);
        CrlSet set = null;
        for (String url : urls) {
            set = byUrl.get(url);
            if (set != null) {
                break;
            }
        }
        if (set == null) {
            set = byIssuer.get(certificate.getIssuerX500Principal());
        }
        if (set == null) {
            if (urls.isEmpty()) {
                return RevocationStatus.unavailable("no HTTP CRL distribution point and no CRL loaded for issuer '"
                        + certificate.getIssuerX500Principal().getName() + "'");
            }
            set = obtain(urls);
            if (set == null) {
                return RevocationStatus.unavailable("no CRL could be obtained from " + urls + ": "
                        + lastError.getOrDefault(urls.get(0), "unknown error"));
            }
        }
        long now = clock.millis();
        if (isStale(set, now)) {
            if (set.url != null) {
                CrlSet refreshed = refresh(set.url, false);
                if (refreshed != null) {
                    set = refreshed;
                }
            }
            if (isStale(set, now)) {
                return RevocationStatus.unavailable("CRL of '" + set.base.getIssuerX500Principal().getName()
                        + "' expired at nextUpdate " + Instant.ofEpochMilli(set.nextUpdate) + " (grace "
                        + settings.grace() + ") and could not be refreshed"
                        + (set.url == null ? "" : ": " + lastError.getOrDefault(set.url, "not yet retried")));
            }
        }
        String problem = verify(set, certificate.getIssuerX500Principal(), issuer.getPublicKey());
        if (problem != null) {
            return RevocationStatus.unavailable(problem);
        }
        BigInteger serial = certificate.getSerialNumber();
        if (set.delta != null) {
            X509CRLEntry entry = set.delta.getRevokedCertificate(serial);
            if (entry != null) {
                return entry.getRevocationReason() == CRLReason.REMOVE_FROM_CRL ? RevocationStatus.GOOD : revoked(entry);
            }
        }
        X509CRLEntry entry = set.base.getRevokedCertificate(serial);
        return entry == null ? RevocationStatus.GOOD : revoked(entry);
    }

    private boolean isStale(CrlSet set, long now) {
        return now > set.nextUpdate + settings.grace().toMillis() || now < set.thisUpdate;
    }

    private static RevocationStatus revoked(X509CRLEntry entry) {
        return RevocationStatus.revoked("revoked on " + entry.getRevocationDate().toInstant()
                + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")"));
    }

    private static String verify(CrlSet set, X500Principal expectedIssuer, PublicKey key) {
        if (key.equals(set.verifiedWith)) {
            return null;
        }
        for (X509CRL crl : set.delta == null ? List.of(set.base) : List.of(set.base, set.delta)) {
            if (!crl.getIssuerX500Principal().equals(expectedIssuer)) {
                return "CRL issuer '" + crl.getIssuerX500Principal().getName() + "' is not '" + expectedIssuer.getName() + "'";
            }
            try {
                crl.verify(key);
            } catch (GeneralSecurityException e) {
                return "signature of the CRL of '" + expectedIssuer.getName()
                        + "' does not verify with the issuer's key: " + e.getMessage();
            }
        }
        set.verifiedWith = key;
        return null;
    }

    /** First use of a distribution point: the disk cache if fresh enough, else a download. */
    private synchronized CrlSet obtain(List<String> urls) {
        for (String url : urls) {
            CrlSet set = byUrl.get(url);
            if (set != null) {
                return set;
            }
            set = readDiskCache(url);
            if (set != null && !isStale(set, clock.millis())) {
                byUrl.put(url, set);
                return set;
            }
            CrlSet downloaded = refresh(url, false);
            if (downloaded != null) {
                return downloaded;
            }
            if (set != null) {
                byUrl.put(url, set); // stale, but lets the caller report "expired" rather than "absent"
                return set;
            }
        }
        return null;
    }

    /**
     * Downloads a distribution point (and its delta), unless one was attempted less than retryInterval ago
     * ({@code force} skips that limit). Returns the new set or null if the download or its checks failed.
     */
    private synchronized CrlSet refresh(String url, boolean force) {
        long now = clock.millis();
        Long last = lastAttempt.get(url);
        if (!force && last != null && now - last < settings.retryInterval().toMillis()) {
            return null;
        }
        lastAttempt.put(url, now);
        try {
            byte[] baseBytes = fetcher.fetch(URI.create(url));
            X509CRL base = parseCrl(baseBytes);
            requireNextUpdate(base, url);
            X509CRL delta = null;
            byte[] deltaBytes = null;
            List<String> deltaUrls = freshestCrl(base);
            if (!deltaUrls.isEmpty()) {
                deltaBytes = fetcher.fetch(URI.create(deltaUrls.get(0)));
                delta = parseCrl(deltaBytes);
                requireNextUpdate(delta, deltaUrls.get(0));
                checkDeltaMatchesBase(base, delta);
            }
            CrlSet previous = byUrl.get(url);
            if (previous != null && crlNumber(base) != null && crlNumber(previous.base) != null
                    && crlNumber(base).compareTo(crlNumber(previous.base)) < 0) {
                throw new IOException("downloaded CRL number " + crlNumber(base) + " is older than the one in use ("
                        + crlNumber(previous.base) + ")");
            }
            CrlSet set = new CrlSet(base, delta, url);
            byUrl.put(url, set);
            writeDiskCache(url, baseBytes, deltaBytes);
            lastError.remove(url);
            LOG.info("CRL refreshed from {}: issuer '{}', {} entries, nextUpdate {}{}", url,
                    base.getIssuerX500Principal().getName(), sizeOf(base), base.getNextUpdate().toInstant(),
                    delta == null ? "" : ", delta with " + sizeOf(delta) + " entries");
            return set;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            lastError.put(url, why);
            LOG.warn("CRL download from {} failed: {}", url, why);
            return null;
        }
    }

    /** Downloads a distribution point now (operator action or test); false if it failed (see the log). */
    public boolean refreshNow(String url) {
        return refresh(url, true) != null;
    }

    /** Loads every CRL file (DER or PEM; base or delta) of a folder, indexed by issuer. */
    public void loadDirectory(Path dir) throws IOException {
        List<X509CRL> deltas = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                X509CRL crl;
                try {
                    crl = parseCrl(Files.readAllBytes(file));
                    requireNextUpdate(crl, file.toString());
                } catch (GeneralSecurityException | IOException e) {
                    throw new IOException("not a usable CRL: " + file + ": " + e.getMessage(), e);
                }
                if (crl.getExtensionValue(Extension.deltaCRLIndicator.getId()) != null) {
                    deltas.add(crl);
                } else {
                    byIssuer.put(crl.getIssuerX500Principal(), new CrlSet(crl, null, null));
                }
            }
        }
        for (X509CRL delta : deltas) {
            CrlSet base = byIssuer.get(delta.getIssuerX500Principal());
            if (base == null) {
                throw new IOException("delta CRL of '" + delta.getIssuerX500Principal().getName() + "' without its base CRL in " + dir);
            }
            try {
                checkDeltaMatchesBase(base.base, delta);
            } catch (CRLException e) {
                throw new IOException("delta CRL in " + dir + ": " + e.getMessage(), e);
            }
            byIssuer.put(delta.getIssuerX500Principal(), new CrlSet(base.base, delta, null));
        }
        LOG.info("loaded CRLs of {} issuer(s) from {}", byIssuer.size(), dir);
    }

    /** Refreshes every downloaded CRL that is past the refresh point of its validity window. */
    public void refreshDue() {
        long now = clock.millis();
        for (CrlSet set : List.copyOf(byUrl.values())) {
            long refreshAt = set.thisUpdate + (long) ((set.nextUpdate - set.thisUpdate) * settings.refreshAtFraction());
            if (now >= refreshAt) {
                refresh(set.url, false);
            }
        }
    }

    /** Starts the background refresh (daemon thread); stopped by {@link #close()}. */
    public synchronized void startBackgroundRefresh() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crl-refresh");
            t.setDaemon(true);
            return t;
        });
        long period = settings.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refreshDue();
            } catch (RuntimeException e) {
                LOG.error("CRL background refresh failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private CrlSet readDiskCache(String url) {
        if (settings.cacheDir() == null) {
            return null;
        }
        Path base = settings.cacheDir().resolve(cacheName(url));
        Path delta = settings.cacheDir().resolve(cacheName(url) + ".delta");
        if (!Files.isRegularFile(base)) {
            return null;
        }
        try {
            X509CRL crl = parseCrl(Files.readAllBytes(base));
            requireNextUpdate(crl, base.toString());
            X509CRL d = Files.isRegularFile(delta) ? parseCrl(Files.readAllBytes(delta)) : null;
            if (d != null) {
                requireNextUpdate(d, delta.toString());
                checkDeltaMatchesBase(crl, d);
            }
            LOG.info("CRL for {} read from cache {}", url, base);
            return new CrlSet(crl, d, url);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("ignoring unreadable cached CRL {}: {}", base, e.getMessage());
            return null;
        }
    }

    private void writeDiskCache(String url, byte[] base, byte[] delta) {
        if (settings.cacheDir() == null) {
            return;
        }
        try {
            Files.createDirectories(settings.cacheDir());
            atomicWrite(settings.cacheDir().resolve(cacheName(url)), base);
            Path deltaFile = settings.cacheDir().resolve(cacheName(url) + ".delta");
            if (delta != null) {
                atomicWrite(deltaFile, delta);
            } else {
                Files.deleteIfExists(deltaFile);
            }
        } catch (IOException e) {
            LOG.warn("cannot write CRL cache for {} in {}: {}", url, settings.cacheDir(), e.getMessage());
        }
    }

    static void atomicWrite(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** File name for a URL: its last segment (readable) plus a hash (unique). */
    static String cacheName(String url) {
        String last = url.substring(url.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return (last.isEmpty() ? "crl" : last) + "-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509CRL parseCrl(byte[] bytes) throws CRLException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new CRLException(e.getMessage(), e);
        }
    }

    private static void requireNextUpdate(X509CRL crl, String where) throws CRLException {
        if (crl.getNextUpdate() == null) {
            throw new CRLException("CRL from " + where + " has no nextUpdate: its freshness cannot be checked");
        }
    }

    private static void checkDeltaMatchesBase(X509CRL base, X509CRL delta) throws CRLException {
        if (!delta.getIssuerX500Principal().equals(base.getIssuerX500Principal())) {
            throw new CRLException("delta CRL issuer differs from its base CRL");
        }
        BigInteger baseNumber = crlNumber(base);
        BigInteger deltaBase = integerExtension(delta, Extension.deltaCRLIndicator.getId());
        if (deltaBase == null) {
            throw new CRLException("freshest CRL is not a delta CRL (no deltaCRLIndicator)");
        }
        if (baseNumber == null || deltaBase.compareTo(baseNumber) > 0) {
            throw new CRLException("delta CRL needs base CRL number " + deltaBase + " but the base is " + baseNumber);
        }
    }

    static BigInteger crlNumber(X509CRL crl) {
        return integerExtension(crl, Extension.cRLNumber.getId());
    }

    private static BigInteger integerExtension(X509CRL crl, String oid) {
        byte[] ext = crl.getExtensionValue(oid);
        if (ext == null) {
            return null;
        }
        try {
            return ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(ext)).getValue();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int sizeOf(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }

    /** HTTP(S) URLs of a certificate's CRL distribution points, in order. */
    public static List<String> httpDistributionPoints(X509Certificate c) {
        return urls(c.getExtensionValue(Extension.cRLDistributionPoints.getId()));
    }

    private static List<String> freshestCrl(X509CRL crl) {
        return urls(crl.getExtensionValue(Extension.freshestCRL.getId()));
    }

    private static List<String> urls(byte[] ext) {
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(ext);
            for (DistributionPoint dp : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName gn : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (gn.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String uri = gn.getName().toString();
                        if (uri.startsWith("http://") || uri.startsWith("https://")) {
                            out.add(uri);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable CRL distribution point extension: {}", e.getMessage());
        }
        return List.copyOf(out);
    }
}
