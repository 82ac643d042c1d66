package fr.mssante.operator.server.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server working directory: {@code conf/} (James configuration) and {@code var/} (database, spool, repositories,
 * index, logs). Installs {@code conf/} from the configuration templates shipped in the repository's {@code conf/},
 * moving the listening ports (the demo runs on production ports + 10000, tests on free ports).
 */
public final class ServerHome {
    private static final Pattern BIND = Pattern.compile("<bind>([^<:]+):(\\d+)</bind>");
    private static final Pattern WEBADMIN_PORT = Pattern.compile("(?m)^port=(\\d+)$");
    /** The placeholder secret of the templates' keystore, truststore and trust.properties entries. */
    private static final Pattern TEMPLATE_SECRET =
        Pattern.compile("(<secret>|<truststoreSecret>|mssante\\.tls\\.password=)changeit");

    private final Path root;

    private ServerHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static ServerHome at(Path root) {
        return new ServerHome(root);
    }

    public Path root() {
        return root;
    }

    public Path conf() {
        return root.resolve("conf");
    }

    /** Where {@code <tls>} blocks expect the SERV SSL key and certificate chain. */
    public Path tlsKeystore() {
        return conf().resolve("tls/server.p12");
    }

    /** The IGC-Santé anchors as a PKCS12 truststore: James's {@code <clientAuth>} on port 25 requires it. */
    public Path clientAuthTrustStore() {
        return conf().resolve("tls/igc-sante-trust.p12");
    }

    /** Where webadmin.properties expects the public key that verifies WebAdmin JWTs. */
    public Path webAdminJwtPublicKey() {
        return conf().resolve("webadmin-jwt-public.pem");
    }

    /** Files that belong to this home only (demo private keys, tokens): never under conf/, never in git. */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /**
     * Copies every template file into conf/, with listening ports mapped by {@code ports} and the TLS keystore secret
     * set. Existing files are overwritten: conf/ of a home is derived, the templates are the source.
     */
    public void installConfiguration(Path templates, IntUnaryOperator ports, String keystoreSecret) {
        try {
            Files.createDirectories(conf().resolve("tls"));
            try (Stream<Path> files = Files.list(templates)) {
                for (Path template : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = template.getFileName().toString();
                    if (name.endsWith(".md")) {
                        continue;
                    }
                    String content = Files.readString(template, StandardCharsets.UTF_8);
                    content = mapBinds(content, ports);
                    if (name.equals("webadmin.properties")) {
                        content = mapWebAdminPort(content, ports);
                    }
                    content = TEMPLATE_SECRET.matcher(content).replaceAll("$1" + Matcher.quoteReplacement(keystoreSecret));
                    Files.writeString(conf().resolve(name), content, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install configuration from " + templates + " into " + conf(), e);
        }
    }

    /**
     * Sends every remote delivery to {@code host:port} instead of the recipient domain's MX: for operators sharing
     * one machine (demo, tests), where the MSSanté domains have no DNS. Production keeps MX resolution.
     */
    public void relayThroughGateway(String host, int port) {
        Path mailetContainer = conf().resolve("mailetcontainer.xml");
        try {
            String content = Files.readString(mailetContainer, StandardCharsets.UTF_8);
            String outgoing = "<outgoing>outgoing</outgoing>";
            if (!content.contains(outgoing)) {
                throw new IllegalStateException(mailetContainer + " has no RemoteDelivery " + outgoing);
            }
            Files.writeString(mailetContainer, content.replace(outgoing, outgoing
                + "\n                <gateway>" + host + "</gateway>\n                <gatewayPort>" + port + "</gatewayPort>"),
                StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set the relay gateway in " + mailetContainer, e);
        }
    }

    /**
     * Points James's resolver at the loopback only: homes of the demo and the tests have no DNS for their domains,
     * and a lookup must fail at once rather than wait for (or send traffic to) the host's resolver.
     */
    public void useLoopbackDns() {
        Path dnsService = conf().resolve("dnsservice.xml");
        try {
            Files.writeString(dnsService, String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<!-- Demo/test home: no DNS for its domains; lookups fail at once on the loopback. -->",
                "<dnsservice>",
                "    <servers><server>127.0.0.1</server></servers>",
                "    <autodiscover>false</autodiscover>",
                "    <authoritative>false</authoritative>",
                "    <maxcachesize>50000</maxcachesize>",
                "</dnsservice>", ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dnsService, e);
        }
    }

    static String mapBinds(String content, IntUnaryOperator ports) {
        Matcher matcher = BIND.matcher(content);
        StringBuilder mapped = new StringBuilder();
        while (matcher.find()) {
            int port = ports.applyAsInt(Integer.parseInt(matcher.group(2)));
            matcher.appendReplacement(mapped, "<bind>" + matcher.group(1) + ":" + port + "</bind>");
        }
        matcher.appendTail(mapped);
        return mapped.toString();
    }

    static String mapWebAdminPort(String content, IntUnaryOperator ports) {
        Matcher matcher = WEBADMIN_PORT.matcher(content);
        return matcher.find()
            ? matcher.replaceFirst("port=" + ports.applyAsInt(Integer.parseInt(matcher.group(1))))
            : content;
    }
}
