package dev.fullecs.contract;

/**
 * Heartbeat details of a waiting activity (snapshot of one disk, or the backup), read back by the
 * starter through describe (F10).
 *
 * @param resourceId snapshot or backup id, once known
 * @param diskId the disk a snapshot is for; null for the backup
 * @param percent 0-100
 * @param status the cloud's status of the resource ({@code creating}, {@code protecting}, ...)
 */
public record StepProgress(String resourceId, String diskId, int percent, String status) {}
