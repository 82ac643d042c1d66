package fr.mssante.operator.bench.trust;

import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.Verdict;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Certificate validation (SERV SSL server profile, CRL of the ORGANISATIONS CA with 5,000 revoked serials).
 * warm: path and CRLs cached, as for a peer seen before. cold: a new validator (no path cache) on loaded CRLs.
 * coldWithCrlLoad: also parses and verifies the CRLs from disk, as after a restart.
 */
@State(Scope.Benchmark)
@Threads(1)
public class CertificateValidationBench {
    private TrustFixture fixture;
    private CertificateValidator warm;
    private CrlStore loadedCrls;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = new TrustFixture(16, 5000);
        loadedCrls = fixture.loadCrls();
        warm = fixture.validator(loadedCrls);
        for (var c : fixture.operators) {
            Verdict v = warm.validate(c, CertificateProfile.SERV_SSL_SERVER);
            if (!v.isAccepted()) {
                throw new IllegalStateException("fixture certificate refused: " + v);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict warmValidation() {
        return warm.validate(fixture.operators.get(next++ & 15), CertificateProfile.SERV_SSL_SERVER);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Verdict coldValidation() {
        return fixture.validator(loadedCrls).validate(fixture.operators.get(next++ & 15), CertificateProfile.SERV_SSL_SERVER);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Verdict coldWithCrlLoad() throws IOException {
        return fixture.validator(fixture.loadCrls()).validate(fixture.operators.get(next++ & 15), CertificateProfile.SERV_SSL_SERVER);
    }
}
