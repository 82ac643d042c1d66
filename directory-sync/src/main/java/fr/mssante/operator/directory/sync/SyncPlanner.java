package fr.mssante.operator.directory.sync;

import fr.mssante.operator.directory.mirror.DirectoryMailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides, for one address, what the server must do so that it matches the directory. Never deletes: a mailbox
 * the directory withdrew (or, in a full run, no longer lists) is suspended; mail stays. Only suspensions made by
 * the sync (reason starting with {@value #SUSPENSION_PREFIX}) are lifted automatically; an operator's own
 * suspension is left alone and shows up in the reconciliation report.
 */
public final class SyncPlanner {
    public static final String SUSPENSION_PREFIX = "directory-sync:";
    static final String WITHDRAWN_REASON = SUSPENSION_PREFIX + " withdrawn from the Annuaire Santé";
    static final String UNPUBLISHED_REASON = SUSPENSION_PREFIX + " not published in the Annuaire Santé";

    /**
     * @param published the mirror's entry, or null when the mirror has none (only meaningful in a full run)
     * @param current   the server's mailbox, or null when the server has none
     */
    public List<PlannedAction> plan(DirectoryMailbox published, RegistryMailbox current) {
        List<PlannedAction> actions = new ArrayList<>(2);
        if (published != null && published.published()) {
            RegistryMailbox desired = desired(published);
            if (current == null) {
                actions.add(new PlannedAction(PlannedAction.Kind.CREATE, desired.address(), desired, List.of(), null));
                return actions;
            }
            List<String> changes = changes(desired, current);
            if (!changes.isEmpty()) {
                actions.add(new PlannedAction(PlannedAction.Kind.UPDATE, desired.address(), desired, changes, null));
            }
            if (!current.active() && suspendedBySync(current)) {
                actions.add(new PlannedAction(PlannedAction.Kind.REACTIVATE, desired.address(), null, List.of(), null));
            }
        } else if (current != null && current.active()) {
            actions.add(new PlannedAction(PlannedAction.Kind.SUSPEND, current.address(), null, List.of(),
                    published == null ? UNPUBLISHED_REASON : WITHDRAWN_REASON));
        }
        return actions;
    }

    static boolean suspendedBySync(RegistryMailbox mailbox) {
        return mailbox.suspensionReason() != null && mailbox.suspensionReason().startsWith(SUSPENSION_PREFIX);
    }

    /** The registry content for a directory entry. Unknown dematerialisation is sent as false. */
    static RegistryMailbox desired(DirectoryMailbox m) {
        return new RegistryMailbox(m.address(), m.type().name(), null, null, blankToNull(m.displayName()),
                blankToNull(m.description()), blankToNull(m.service()), blankToNull(m.responsible()),
                blankToNull(m.phone()), Boolean.TRUE.equals(m.dematerialisation()), m.listeRouge(),
                blankToNull(m.professionalId()), blankToNull(m.structureId()), m.changeMarker());
    }

    /** Differences in the directory metadata (status and change marker are not metadata). */
    static List<String> changes(RegistryMailbox desired, RegistryMailbox current) {
        List<String> changes = new ArrayList<>();
        compare(changes, "type", desired.type(), current.type());
        compare(changes, "displayName", desired.displayName(), current.displayName());
        compare(changes, "description", desired.description(), current.description());
        compare(changes, "service", desired.service(), current.service());
        compare(changes, "responsible", desired.responsible(), current.responsible());
        compare(changes, "phone", desired.phone(), current.phone());
        compare(changes, "dematerialisation", desired.dematerialisation(), Boolean.TRUE.equals(current.dematerialisation()));
        compare(changes, "listeRouge", desired.listeRouge(), Boolean.TRUE.equals(current.listeRouge()));
        compare(changes, "professionalId", desired.professionalId(), current.professionalId());
        compare(changes, "structureId", desired.structureId(), current.structureId());
        return changes;
    }

    private static void compare(List<String> changes, String field, Object desired, Object current) {
        Object now = current instanceof String s ? blankToNull(s) : current;
        if (!Objects.equals(desired, now)) {
            changes.add(field + " '" + now + "' -> '" + desired + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
