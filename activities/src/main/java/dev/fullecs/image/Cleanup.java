package dev.fullecs.image;

import java.util.List;

/**
 * What the cleanup after a cancel (F11), a direct delete (F11a), an expired window (F12) or a
 * permanent failure (F14) needs to find everything this creation made: it looks resources up by
 * the idempotency keys that created them, and never creates anything.
 *
 * @param snapshotKeys the idempotency key of every disk's snapshot step, created or not; empty when
 *     the disks are not known (a reset refused before validation, or an image from a backup)
 * @param backupKey the idempotency key of the backup step, created or not
 * @param reason why the creation stopped, one sentence; written on the image record
 */
public record Cleanup(
    String tenant,
    String imageId,
    String serverId,
    List<String> snapshotKeys,
    String backupKey,
    String reason) {}
