package fr.mssante.operator.trust.ocsp;

import fr.mssante.operator.trust.validation.RevocationChecker;
import fr.mssante.operator.trust.validation.RevocationStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation by OCSP (RFC 6960) at the responder named in the certificate's authorityInfoAccess. The
 * response must be signed by the issuing CA or by a responder certificate that CA issued for OCSP signing,
 * must answer for this certificate, may echo our nonce (a different nonce is refused), and must be fresh:
 * thisUpdate not in the future (5 min skew), now before nextUpdate, or thisUpdate younger than
 * {@code maxAge} when the responder gives no nextUpdate. Answers are cached until they go stale.
 */
public final class OcspChecker implements RevocationChecker {
    private static final Logger LOG = LoggerFactory.getLogger(OcspChecker.class);
    private static final long SKEW_MS = 5 * 60_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(RevocationStatus status, long staleAt) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public OcspChecker(Duration timeout, Duration maxAge, Clock clock) {
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        String key = issuer.getSubjectX500Principal().getName() + "#" + certificate.getSerialNumber();
        Cached cached = cache.get(key);
        long now = clock.millis();
        if (cached != null && now < cached.staleAt) {
            return cached.status;
        }
        List<String> urls = responders(certificate);
        if (urls.isEmpty()) {
            return RevocationStatus.unavailable("no OCSP responder in authorityInfoAccess");
        }
        String problem = null;
        for (String url : urls) {
            try {
                Cached answer = ask(url, certificate, issuer, now);
                if (answer.status.state() != RevocationStatus.State.UNAVAILABLE) {
                    cache.put(key, answer);
                }
                return answer.status;
            } catch (IOException | OCSPException | GeneralSecurityException | OperatorCreationException e) {
                problem = "OCSP responder " + url + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.warn("{}", problem);
            }
        }
        return RevocationStatus.unavailable(problem);
    }

    private Cached ask(String url, X509Certificate cert, X509Certificate issuer, long now)
            throws IOException, OCSPException, GeneralSecurityException, OperatorCreationException {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id = new JcaCertificateID(digests.get(CertificateID.HASH_SHA1), issuer, cert.getSerialNumber());
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        OCSPReqBuilder rb = new OCSPReqBuilder().addRequest(id);
        Extension sentNonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce).getEncoded()));
        rb.setRequestExtensions(new Extensions(sentNonce));
        byte[] body = post(url, rb.build().getEncoded());
        OCSPResp resp = new OCSPResp(body);
        if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
            return new Cached(RevocationStatus.unavailable("OCSP responder " + url + " answered status " + resp.getStatus()), 0);
        }
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        String signer = verifySigner(basic, issuer, now);
        if (signer != null) {
            return new Cached(RevocationStatus.unavailable("OCSP response from " + url + " " + signer), 0);
        }
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed != null && !echoed.getExtnValue().equals(sentNonce.getExtnValue())) {
            return new Cached(RevocationStatus.unavailable("OCSP response from " + url + " carries another request's nonce"), 0);
        }
        for (SingleResp single : basic.getResponses()) {
            if (!single.getCertID().equals(id)) {
                continue;
            }
            long thisUpdate = single.getThisUpdate().getTime();
            long staleAt = single.getNextUpdate() != null ? single.getNextUpdate().getTime() : thisUpdate + maxAge.toMillis();
            if (thisUpdate > now + SKEW_MS || now > staleAt) {
                return new Cached(RevocationStatus.unavailable("OCSP response from " + url + " is not fresh (thisUpdate "
                        + single.getThisUpdate().toInstant() + ")"), 0);
            }
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return new Cached(RevocationStatus.GOOD, staleAt);
            }
            if (status instanceof RevokedStatus r) {
                return new Cached(RevocationStatus.revoked("revoked on " + r.getRevocationTime().toInstant()
                        + " (OCSP" + (r.hasRevocationReason() ? ", reason " + r.getRevocationReason() : "") + ")"), staleAt);
            }
            return new Cached(RevocationStatus.unavailable("OCSP responder " + url + " does not know this certificate"), 0);
        }
        return new Cached(RevocationStatus.unavailable("OCSP response from " + url + " does not answer for this certificate"), 0);
    }

    /** Null if the response is signed by the issuer or by an OCSP responder the issuer certified, else why not. */
    private static String verifySigner(BasicOCSPResp basic, X509Certificate issuer, long now)
            throws OCSPException, OperatorCreationException, GeneralSecurityException {
        var verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer.getPublicKey()))) {
            return null;
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = new JcaX509CertificateConverter().getCertificate(holder);
            try {
                responder.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                continue;
            }
            List<String> eku = responder.getExtendedKeyUsage();
            if (eku == null || !eku.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                    || now > responder.getNotAfter().getTime() || now < responder.getNotBefore().getTime()) {
                continue;
            }
            if (basic.isSignatureValid(verifiers.build(responder.getPublicKey()))) {
                return null;
            }
        }
        return "is not signed by '" + issuer.getSubjectX500Principal().getName() + "' nor by a responder it certified";
    }

    private byte[] post(String url, byte[] request) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        try {
            HttpResponse<InputStream> response = client.send(r, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return in.readNBytes(1024 * 1024);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** HTTP OCSP responder URLs of a certificate's authorityInfoAccess. */
    public static List<String> responders(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(JcaX509ExtensionUtils.parseExtensionValue(ext));
            for (AccessDescription ad : aia.getAccessDescriptions()) {
                GeneralName gn = ad.getAccessLocation();
                if (ad.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && gn.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String uri = gn.getName().toString();
                    if (uri.startsWith("http://") || uri.startsWith("https://")) {
                        out.add(uri);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable authorityInfoAccess extension: {}", e.getMessage());
        }
        return List.copyOf(out);
    }
}
