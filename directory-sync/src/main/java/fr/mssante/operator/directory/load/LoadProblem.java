package fr.mssante.operator.directory.load;

/** Something wrong in one source record: REJECTED records are not loaded, WARNING ones are loaded as best as possible. */
public record LoadProblem(long line, Severity severity, String message) {
    public enum Severity { REJECTED, WARNING }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + severity + ": " + message;
    }
}
