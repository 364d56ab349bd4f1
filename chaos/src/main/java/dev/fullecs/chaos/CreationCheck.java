package dev.fullecs.chaos;

import java.time.Duration;

/**
 * One creation after the run: how it ended in Temporal, whether that was expected, whether it took
 * the server's lock, what of it the cloud holds, and how long it took against its bounds.
 *
 * @param elapsed start to close (to the last look, while it is still open)
 * @param unlockAfterStop for a creation told to stop while it held the lock (cancel, window's end):
 *     from the stop to its server's unlock; null when not told to stop or not locked, or never unlocked
 * @param unlockBound the bound for {@code unlockAfterStop}, or null
 */
record CreationCheck(
    PlannedCreation plan,
    TemporalView view,
    String outcome,
    boolean endedAsExpected,
    boolean gotLock,
    int snapshots,
    int backups,
    String imageStatus,
    Duration elapsed,
    Bounds.Bound closingBound,
    Duration unlockAfterStop,
    Bounds.Bound unlockBound) {}
