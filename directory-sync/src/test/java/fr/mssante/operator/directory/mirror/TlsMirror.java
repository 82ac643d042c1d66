package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * An embedded mirror behind TLS listeners on loopback ports: LDAPS and StartTLS with a certificate for 127.0.0.1
 * issued by a test CA, and the same two with a certificate of that CA for another host. A bind user
 * {@value #BIND_DN} (password {@value #BIND_PASSWORD}) exists. PEM files: the CA and an unrelated CA.
 */
public final class TlsMirror implements AutoCloseable {
    public static final String BIND_DN = "cn=sync,o=annuaire-sante,c=fr";
    public static final String BIND_PASSWORD = "sync-secret";

    public final EmbeddedMirror mirror;
    public final Path caPem;
    public final Path otherCaPem;

    public TlsMirror(Path dir) throws Exception {
        MirrorPki.Issued ca = MirrorPki.ca("Mirror CA");
        MirrorPki.Issued right = MirrorPki.server(ca, "mirror", "127.0.0.1");
        MirrorPki.Issued otherHost = MirrorPki.server(ca, "elsewhere", "mirror.elsewhere.test");
        caPem = MirrorPki.writePem(dir.resolve("mirror-ca.pem"), ca.certificate());
        otherCaPem = MirrorPki.writePem(dir.resolve("other-ca.pem"), MirrorPki.ca("Other CA").certificate());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        mirror = EmbeddedMirror.start(MirrorLayout.defaults(), List.of(), List.of(
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
                        right.serverContext().getServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0, right.serverContext().getSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps-other-host", loopback, 0,
                        otherHost.serverContext().getServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("starttls-other-host", loopback, 0,
                        otherHost.serverContext().getSocketFactory())));
        mirror.server().add(new Entry(BIND_DN, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "person"),
                new com.unboundid.ldap.sdk.Attribute("cn", "sync"), new com.unboundid.ldap.sdk.Attribute("sn", "sync"),
                new com.unboundid.ldap.sdk.Attribute("userPassword", BIND_PASSWORD)));
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + mirror.server().getListenPort("ldaps");
    }

    public String startTlsUrl() {
        return "ldap://127.0.0.1:" + mirror.server().getListenPort("starttls");
    }

    public String ldapsOtherHostUrl() {
        return "ldaps://127.0.0.1:" + mirror.server().getListenPort("ldaps-other-host");
    }

    public String startTlsOtherHostUrl() {
        return "ldap://127.0.0.1:" + mirror.server().getListenPort("starttls-other-host");
    }

    @Override
    public void close() {
        mirror.close();
    }
}
