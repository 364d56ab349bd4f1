package dev.fullecs.emulator.server;

import java.util.List;

/**
 * What a server needs to know of a full-ECS image to be provisioned from it (F18) or to take its
 * OS from it (F19), as the tenant sees the image now.
 *
 * @param tenant the image's owner (a tenant it is shared with sees it too)
 * @param sourceServerId the server the image was made of (its disks' roles and types), or null
 * @param snapshotIds the snapshots of its disks, one per disk
 */
public record BootImage(
    String id,
    String tenant,
    String region,
    String status,
    List<String> availableAzs,
    String sourceServerId,
    List<String> snapshotIds) {}
