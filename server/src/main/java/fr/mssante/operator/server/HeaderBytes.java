package fr.mssante.operator.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Raw bytes of header fields as text. Without SMTPUTF8 a header field has no declared charset; software that writes
 * 8-bit bytes there writes UTF-8 or, on older systems, windows-1252 (a superset of ISO-8859-1's printable range).
 */
public final class HeaderBytes {
    private static final List<Charset> CHARSETS = List.of(StandardCharsets.UTF_8, Charset.forName("windows-1252"));

    private HeaderBytes() {
    }

    /** UTF-8 when the bytes are valid UTF-8, else windows-1252 when they map, else ISO-8859-1 (always maps). */
    public static String asText(byte[] bytes) {
        for (Charset charset : CHARSETS) {
            try {
                return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            } catch (CharacterCodingException notThisCharset) {
                // try the next one
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
