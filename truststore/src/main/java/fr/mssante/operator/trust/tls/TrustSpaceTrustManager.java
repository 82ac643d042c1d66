package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.identity.CertificateIdentity;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.Verdict;
import fr.mssante.operator.trust.whitelist.CanonicalDn;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSSE trust manager applying the trust space.
 * <ul>
 *   <li>Client certificates (inbound mutual TLS): valid IGC-Santé certificate of one of the accepted
 *   profiles (SERV SSL client by default). Whether the DN is listed for the MAIL FROM domain can only be
 *   decided after MAIL FROM, so it is the SMTP layer's job.</li>
 *   <li>Server certificates (outbound delivery): valid SERV SSL server certificate; if a liste blanche is
 *   given, its DN must be listed for the {@link DestinationDomain} when one is set, else for at least one
 *   domain; and it must name the host we connected to.</li>
 * </ul>
 * Every refusal is logged at WARN with its reason and thrown as {@link TrustSpaceCertificateException}.
 */
public final class TrustSpaceTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(TrustSpaceTrustManager.class);

    private final CertificateValidator validator;
    private final Set<CertificateProfile> clientProfiles;
    private final CertificateProfile serverProfile;
    private final Supplier<ListeBlanche> listeBlanche;

    /**
     * @param listeBlanche null to check server certificates without the liste blanche (e.g. to fetch the list itself)
     */
    public TrustSpaceTrustManager(CertificateValidator validator, Set<CertificateProfile> clientProfiles,
                                  CertificateProfile serverProfile, Supplier<ListeBlanche> listeBlanche) {
        if (clientProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one client certificate profile is needed");
        }
        this.validator = validator;
        this.clientProfiles = Set.copyOf(clientProfiles);
        this.serverProfile = serverProfile;
        this.listeBlanche = listeBlanche;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain, peerHost(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServer(chain, peerHost(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return validator.anchors().all().toArray(new X509Certificate[0]);
    }

    private void checkClient(X509Certificate[] chain, String peer) throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        Verdict first = null;
        for (CertificateProfile profile : clientProfiles) {
            Verdict v = validator.validate(presented, profile);
            if (v.isAccepted()) {
                LOG.debug("TLS client {} accepted as {}: '{}'", peer, profile, subject(presented));
                return;
            }
            if (first == null || first.reason() == RefusalReason.WRONG_PROFILE) {
                first = v;
            }
        }
        throw refuse("client", peer, presented, first);
    }

    private void checkServer(X509Certificate[] chain, String host) throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        Verdict v = validator.validate(presented, serverProfile);
        if (!v.isAccepted()) {
            throw refuse("server", host, presented, v);
        }
        X509Certificate leaf = presented.get(0);
        if (listeBlanche != null) {
            ListeBlanche list = listeBlanche.get();
            CanonicalDn dn = CanonicalDn.of(leaf.getSubjectX500Principal());
            String domain = DestinationDomain.current();
            if (domain != null && !list.isListed(domain, dn)) {
                throw refuse("server", host, presented, Verdict.refused(RefusalReason.NOT_LISTED,
                        "'" + dn + "' is not listed in the liste blanche for domain " + domain));
            }
            if (domain == null && !list.isOperator(dn)) {
                throw refuse("server", host, presented, Verdict.refused(RefusalReason.NOT_LISTED,
                        "'" + dn + "' is not listed in the liste blanche for any domain"));
            }
        }
        if (host != null && !CertificateIdentity.of(leaf).matchesHost(host)) {
            throw refuse("server", host, presented, Verdict.refused(RefusalReason.HOST_MISMATCH,
                    "certificate names " + CertificateIdentity.of(leaf).fqdns() + ", not the host " + host));
        }
        LOG.debug("TLS server {} accepted: '{}'", host, subject(presented));
    }

    private static TrustSpaceCertificateException refuse(String side, String peer, List<X509Certificate> presented,
                                                         Verdict v) {
        LOG.warn("TLS {} {} refused: {} {} (certificate '{}')", side, peer == null ? "" : peer, v.reason(), v.detail(),
                subject(presented));
        return new TrustSpaceCertificateException(v, presented.isEmpty() ? null : subject(presented));
    }

    private static String subject(List<X509Certificate> presented) {
        return presented.isEmpty() ? "none" : presented.get(0).getSubjectX500Principal().getName();
    }

    private static String peerHost(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLSession session = ssl.getHandshakeSession();
            if (session != null && session.getPeerHost() != null) {
                return session.getPeerHost();
            }
        }
        return socket == null || socket.getInetAddress() == null ? null : socket.getInetAddress().getHostAddress();
    }
}
