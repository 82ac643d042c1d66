package fr.mssante.operator.trust;

import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.crl.HttpCrlFetcher;
import fr.mssante.operator.trust.ocsp.OcspChecker;
import fr.mssante.operator.trust.tls.OperatorKeys;
import fr.mssante.operator.trust.tls.TrustSpaceSsl;
import fr.mssante.operator.trust.tls.TrustSpaceTrustManager;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.RevocationChecker;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import fr.mssante.operator.trust.whitelist.ListeBlancheSource;
import fr.mssante.operator.trust.whitelist.ListeBlancheStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trust space of a server: anchors, validator with its CRL store (background refresh), the
 * liste blanche store (scheduled reload, last good on disk), and our operator key. One instance per JVM
 * is enough; {@link #sslContext()} serves both inbound listeners and outbound delivery.
 */
public final class TrustSpace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrustSpace.class);

    private final CertificateValidator validator;
    private final CrlStore crls;
    private final ListeBlancheStore listeBlanche;
    private final TrustSpaceTrustManager trustManager;
    private final KeyManager[] keys;

    private TrustSpace(CertificateValidator validator, CrlStore crls, ListeBlancheStore listeBlanche,
                       TrustSpaceTrustManager trustManager, KeyManager[] keys) {
        this.validator = validator;
        this.crls = crls;
        this.listeBlanche = listeBlanche;
        this.trustManager = trustManager;
        this.keys = keys;
    }

    public static TrustSpace start(TrustSpaceConfig cfg) {
        TrustAnchors anchors = TrustAnchors.load(cfg.hierarchy(), cfg.anchors());
        CrlFetcher fetcher = cfg.crlDownload() ? new HttpCrlFetcher(cfg.crlTimeout()) : CrlFetcher.OFFLINE;
        CrlStore.Settings settings = new CrlStore.Settings(cfg.crlCacheDir(), cfg.crlGrace(),
                CrlStore.Settings.defaults(null).retryInterval(), 0.75, cfg.crlCheckInterval());
        CrlStore crls = new CrlStore(settings, fetcher, Clock.systemUTC());
        if (cfg.crlDir() != null) {
            try {
                crls.loadDirectory(cfg.crlDir());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot load CRLs from " + cfg.crlDir() + ": " + e.getMessage(), e);
            }
        }
        if (cfg.crlDownload()) {
            crls.startBackgroundRefresh();
        }
        RevocationChecker revocation = cfg.ocspFirst()
                ? RevocationChecker.firstAvailable(new OcspChecker(cfg.crlTimeout(), Duration.ofMinutes(5), Clock.systemUTC()), crls)
                : crls;
        CertificateValidator validator = new CertificateValidator(anchors, cfg.policies(), revocation, Clock.systemUTC());
        ListeBlancheStore store = null;
        if (cfg.listeBlancheFile() != null || cfg.listeBlancheUrl() != null) {
            ListeBlancheSource source = cfg.listeBlancheUrl() != null
                    ? ListeBlancheSource.https(URI.create(cfg.listeBlancheUrl()),
                    TrustSpaceSsl.igcSanteHttpsContext(validator), cfg.crlTimeout().multipliedBy(6))
                    : ListeBlancheSource.file(cfg.listeBlancheFile());
            store = new ListeBlancheStore(source, cfg.listeBlancheLastGood(), cfg.listeBlancheMaxShrink());
            store.start();
            store.scheduleRefresh(cfg.listeBlancheRefresh());
        }
        ListeBlancheStore finalStore = store;
        TrustSpaceTrustManager tm = new TrustSpaceTrustManager(validator, cfg.clientProfiles(),
                CertificateProfile.SERV_SSL_SERVER, finalStore == null ? () -> ListeBlanche.EMPTY : finalStore::current);
        KeyManager[] keys = cfg.keyStore() == null ? null
                : OperatorKeys.fromKeyStore(cfg.keyStore(), cfg.keyStorePassword(), cfg.keyStoreType());
        LOG.info("trust space started: {}, liste blanche {}, operator key {}", anchors,
                store == null ? "not configured (every outbound peer refused)" : store.current(),
                cfg.keyStore() == null ? "none" : cfg.keyStore());
        return new TrustSpace(validator, crls, store, tm, keys);
    }

    public CertificateValidator validator() {
        return validator;
    }

    public CrlStore crls() {
        return crls;
    }

    /** The liste blanche store, or null when none is configured. */
    public ListeBlancheStore listeBlanche() {
        return listeBlanche;
    }

    public TrustSpaceTrustManager trustManager() {
        return trustManager;
    }

    /** Our key + the trust space trust manager; for inbound listeners and outbound delivery alike. */
    public SSLContext sslContext() {
        return TrustSpaceSsl.context(keys, trustManager);
    }

    @Override
    public void close() {
        crls.close();
        if (listeBlanche != null) {
            listeBlanche.close();
        }
    }
}
