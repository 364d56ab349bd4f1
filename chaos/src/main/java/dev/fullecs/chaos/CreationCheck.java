package dev.fullecs.chaos;

/**
 * One creation after the run: how it ended in Temporal, whether it took the server's lock, and what
 * of it the cloud holds.
 */
record CreationCheck(
    PlannedCreation plan,
    TemporalView view,
    String outcome,
    boolean gotLock,
    int snapshots,
    int backups,
    String imageStatus) {}
