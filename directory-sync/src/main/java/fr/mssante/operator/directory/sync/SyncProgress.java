package fr.mssante.operator.directory.sync;

/** Progress of a run, for the operator's console (and for tests that need to act at a given point). */
public interface SyncProgress {
    SyncProgress NONE = new SyncProgress() { };

    /** Called after each mirror entry read while planning. */
    default void mirrorEntryRead(long count) {
    }

    /** Called after each action applied (or refused). */
    default void actionDone(int done, int total) {
    }
}
