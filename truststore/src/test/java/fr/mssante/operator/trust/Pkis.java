package fr.mssante.operator.trust;

import fr.mssante.operator.trust.pki.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Test PKIs shared by the test classes of one JVM run: minting keys is the slow part of these tests. */
public final class Pkis {
    private static TestPki main;
    private static TestPki lookAlike;
    private static final List<Path> TEMP_DIRS = new ArrayList<>();

    static {
        // File.deleteOnExit skips a directory that is not empty: every run left its test keys and CRLs in /tmp.
        Runtime.getRuntime().addShutdownHook(new Thread(Pkis::deleteTempDirs, "pkis-cleanup"));
    }

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

    /** A temporary directory deleted with all it holds when the test JVM exits. */
    public static synchronized Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            TEMP_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void deleteTempDirs() {
        for (Path dir : TEMP_DIRS) {
            try (Stream<Path> tree = Files.walk(dir)) {
                tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete test directory " + dir + ": " + e.getMessage());
            }
        }
    }
}
