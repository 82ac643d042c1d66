package fr.mssante.operator.trust;

import fr.mssante.operator.trust.pki.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test PKIs shared by the test classes of one JVM run: minting keys is the slow part of these tests. */
public final class Pkis {
    private static TestPki main;
    private static TestPki lookAlike;

    private Pkis() {
    }

    /** The TEST hierarchy used by most tests (default CRL URLs: never downloaded unless a test serves them). */
    public static synchronized TestPki main() {
        if (main == null) {
            main = TestPki.create(tempDir("pki-main"));
        }
        return main;
    }

    /** Same CA names as {@link #main()}, other keys: the look-alike CA. */
    public static synchronized TestPki lookAlike() {
        if (lookAlike == null) {
            lookAlike = TestPki.create(tempDir("pki-lookalike"));
        }
        return lookAlike;
    }

    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
