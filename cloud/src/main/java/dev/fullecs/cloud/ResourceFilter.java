package dev.fullecs.cloud;

/**
 * Filters of the list calls; null fields are not sent. Not every list understands every field:
 * snapshots take server, disk, status and key; backups server, vault, status and key; images
 * status, name and key.
 */
public record ResourceFilter(
    String serverId, String diskId, String vaultId, String status, String name, String idempotencyKey) {

  public static ResourceFilter all() {
    return new ResourceFilter(null, null, null, null, null, null);
  }

  public static ResourceFilter byIdempotencyKey(String key) {
    return new ResourceFilter(null, null, null, null, null, key);
  }

  public static ResourceFilter byServer(String serverId) {
    return new ResourceFilter(serverId, null, null, null, null, null);
  }

  public ResourceFilter withStatus(String s) {
    return new ResourceFilter(serverId, diskId, vaultId, s, name, idempotencyKey);
  }

  public ResourceFilter withName(String n) {
    return new ResourceFilter(serverId, diskId, vaultId, status, n, idempotencyKey);
  }
}
