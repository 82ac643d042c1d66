package fr.mssante.operator.directory.load;

import com.unboundid.ldap.sdk.LDAPException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static fr.mssante.operator.directory.load.LoadProblem.Severity.REJECTED;
import static fr.mssante.operator.directory.load.LoadProblem.Severity.WARNING;

/**
 * Streams the lines of an {@code Extraction_Correspondance_MSSante} file (plain text or the published zip):
 * matches the header loosely, splits on {@code |}, cleans quotes, and reports structural problems by line.
 */
public final class ExtractionReader {

    /** Receives each well-formed row, and each problem. */
    public interface Handler {
        void row(ExtractionRow row) throws LDAPException, IOException;

        /** {@code address} is the address column when it could still be read from a rejected line, else null. */
        void problem(LoadProblem problem, String address);
    }

    /** Opens a .txt file, or the first .txt entry of a zip (detected by content, not by name). */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".txt")) {
                    return zip;
                }
            }
            zip.close();
            throw new IOException(file + " is a zip without any .txt entry");
        }
        return in;
    }

    /** Reads every line; returns the number of data lines. Only an I/O error stops it. */
    public long read(InputStream in, Handler handler) throws IOException, LDAPException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                1 << 16);
        String first = reader.readLine();
        if (first == null) {
            throw new IOException("the extraction file is empty");
        }
        long lineNumber = 1;
        long dataLines = 0;
        ExtractionColumn[] columns = header(first, handler);
        if (columns == null) {
            columns = ExtractionColumn.values();
            handler.problem(new LoadProblem(1, WARNING, "no recognisable header: assuming the 31 published columns"
                    + " in order"), null);
            dataLines += line(first, 1, columns, handler);
        }
        String text;
        while ((text = reader.readLine()) != null) {
            lineNumber++;
            dataLines += line(text, lineNumber, columns, handler);
        }
        return dataLines;
    }

    private static ExtractionColumn[] header(String text, Handler handler) {
        String[] cells = text.split("\\|", -1);
        ExtractionColumn[] columns = new ExtractionColumn[cells.length];
        List<ExtractionColumn> seen = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            columns[i] = ExtractionColumn.matching(cells[i]);
            if (columns[i] != null) {
                if (seen.contains(columns[i])) {
                    columns[i] = null;
                } else {
                    seen.add(columns[i]);
                }
            }
        }
        if (!seen.contains(ExtractionColumn.ADDRESS) || !seen.contains(ExtractionColumn.TYPE_BAL)) {
            return null;
        }
        for (int i = 0; i < cells.length; i++) {
            if (columns[i] == null) {
                handler.problem(new LoadProblem(1, WARNING, "header column " + (i + 1) + " '" + cells[i].trim()
                        + "' not recognised: ignored"), null);
            }
        }
        for (ExtractionColumn column : ExtractionColumn.values()) {
            if (!seen.contains(column)) {
                handler.problem(new LoadProblem(1, WARNING, "header lacks column '" + column.header() + "'"), null);
            }
        }
        return columns;
    }

    private static int line(String text, long lineNumber, ExtractionColumn[] columns, Handler handler)
            throws LDAPException, IOException {
        if (text.isBlank()) {
            return 0;
        }
        String[] cells = text.split("\\|", -1);
        if (cells.length != columns.length) {
            handler.problem(new LoadProblem(lineNumber, REJECTED, "expected " + columns.length
                    + " fields separated by '|', found " + cells.length), salvageAddress(cells));
            return 1;
        }
        ExtractionRow row = new ExtractionRow(lineNumber);
        for (int i = 0; i < cells.length; i++) {
            if (columns[i] != null) {
                row.put(columns[i], unquote(cells[i], lineNumber, columns[i], handler));
            }
        }
        handler.row(row);
        return 1;
    }

    private static String unquote(String cell, long lineNumber, ExtractionColumn column, Handler handler) {
        if (cell.indexOf('"') < 0) {
            return cell;
        }
        String trimmed = cell.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            String inner = trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"");
            if (inner.indexOf('"') < 0) {
                return inner; // a properly quoted field
            }
        }
        return stray(cell, lineNumber, column, handler);
    }

    private static String stray(String cell, long lineNumber, ExtractionColumn column, Handler handler) {
        handler.problem(new LoadProblem(lineNumber, WARNING, "stray quote removed in '" + column.header() + "': "
                + cell.trim()), null);
        return cell.replace("\"", "");
    }

    private static String salvageAddress(String[] cells) {
        for (String cell : cells) {
            String value = cell.replace("\"", "").trim().toLowerCase(Locale.ROOT);
            if (ExtractionRowMapper.isAddress(value)) {
                return value;
            }
        }
        return null;
    }
}
