package fr.mssante.operator.bench.trust;

import fr.mssante.operator.trust.whitelist.CanonicalDn;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import fr.mssante.operator.trust.whitelist.ListeBlancheParser;
import fr.mssante.operator.trust.whitelist.ListeBlancheWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Liste blanche at real size (March 2025: ~5,000 domains, ~6,500 entries, ~380 operator certificates),
 * written as XML and parsed back. lookup: domain + canonical DN → listed?; lookupFromPrincipal also
 * canonicalises the peer's subject; parse: the whole document.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ListeBlancheLookupBench {
    private ListeBlanche list;
    private byte[] xml;
    private String[] domains;
    private CanonicalDn[] dns;
    private X500Principal[] principals;
    private int next;

    @Setup
    public void setUp() throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        domains = new String[5000];
        dns = new CanonicalDn[5000];
        principals = new X500Principal[5000];
        for (int i = 0; i < 5000; i++) {
            String op = "CN=mx" + (i % 380) + ".operateur.fr,OU=3180000000" + String.format("%05d", i % 380)
                    + ",O=OPÉRATEUR " + (i % 380) + ",ST=Rhône (69),C=FR";
            domains[i] = (i % 50 == 0 ? "hôpital-" : "etablissement-") + i + ".mssante.fr";
            m.put(domains[i], i % 3 == 0 ? List.of(op, "CN=secours" + (i % 40) + ".fr,OU=1690000100,O=SECOURS,ST=Paris (75),C=FR") : List.of(op));
            dns[i] = CanonicalDn.parse(op);
            principals[i] = new X500Principal(op);
        }
        Path file = Files.createTempFile("lb-bench", ".xml");
        ListeBlancheWriter.write(file, m, Instant.now());
        xml = Files.readAllBytes(file);
        list = ListeBlancheParser.parse(xml);
        if (!list.isListed(domains[42], dns[42])) {
            throw new IllegalStateException("fixture broken");
        }
    }

    @Benchmark
    public boolean lookup() {
        int i = next++ % 5000;
        return list.isListed(domains[i], dns[i]);
    }

    @Benchmark
    public boolean lookupFromPrincipal() {
        int i = next++ % 5000;
        return list.isListed(domains[i], principals[i]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ListeBlanche parse() throws Exception {
        return ListeBlancheParser.parse(xml);
    }
}
