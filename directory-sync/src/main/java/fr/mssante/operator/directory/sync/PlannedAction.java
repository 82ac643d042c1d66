package fr.mssante.operator.directory.sync;

import java.util.List;

/** One step of a sync plan. {@code desired} is what is PUT (CREATE, UPDATE); {@code reason} explains a suspension. */
public record PlannedAction(Kind kind, String address, RegistryMailbox desired, List<String> changes, String reason) {
    public enum Kind { CREATE, UPDATE, REACTIVATE, SUSPEND }
}
