package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code mssContentHash} of an entry as a source describes it (first 64 bits of SHA-256 over its LDIF form).
 * The online writer and the bulk LDIF export must agree on it, or the first reload after a bulk import would
 * rewrite every entry. Not thread-safe: one per writing thread.
 */
public final class ContentHash {
    private final MessageDigest digest;

    public ContentHash() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never 0: 0 stands for "no hash" on an entry. */
    public long of(Entry entry) {
        digest.reset();
        byte[] sum = digest.digest(entry.toLDIFString().getBytes(StandardCharsets.UTF_8));
        long h = ByteBuffer.wrap(sum).getLong();
        return h == 0 ? 1 : h;
    }

    public static String hex(long hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    /** The hash stored on an entry, 0 when absent or malformed. */
    public static long parse(String stored) {
        return stored == null || stored.length() != 16 ? 0 : HexFormat.fromHexDigitsToLong(stored);
    }
}
