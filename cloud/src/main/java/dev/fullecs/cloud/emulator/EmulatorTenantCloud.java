package dev.fullecs.cloud.emulator;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudClient;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.WhoAmI;
import java.net.URI;
import java.util.List;

/**
 * {@link TenantCloud} on the emulator's own API: the tenant's token in a {@link HttpCloudClient}
 * with the starter's generous timeouts and the worker's quick retries (every change carries its key,
 * so a retry never acts twice).
 */
public final class EmulatorTenantCloud implements TenantCloud {
  private final String baseUrl;
  private final String tenant;
  private final CloudClient cloud;

  public EmulatorTenantCloud(String baseUrl, String tenant, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.tenant = tenant;
    this.cloud = new HttpCloudClient(URI.create(this.baseUrl), token, HttpCloudClient.Timeouts.defaults(),
        HttpCloudClient.WORKER_QUICK_RETRIES);
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String location() {
    return baseUrl;
  }

  @Override
  public String toString() {
    return "EmulatorTenantCloud[" + baseUrl + ", " + tenant + "]";
  }

  @Override
  public WhoAmI whoami() {
    return cloud.whoami(tenant);
  }

  @Override
  public Server server(String serverId) {
    return cloud.getServer(tenant, serverId);
  }

  @Override
  public List<Server> servers() {
    return cloud.listServers(tenant);
  }

  @Override
  public Image image(String imageId) {
    return cloud.getImage(tenant, imageId);
  }

  @Override
  public List<Image> images() {
    return cloud.listImages(tenant, ResourceFilter.all());
  }

  @Override
  public List<Snapshot> snapshotsOfServer(String serverId) {
    return cloud.listSnapshots(tenant, ResourceFilter.byServer(serverId));
  }

  @Override
  public Snapshot snapshot(String snapshotId) {
    return cloud.getSnapshot(tenant, snapshotId);
  }

  @Override
  public List<Backup> backupsOfServer(String serverId) {
    return cloud.listBackups(tenant, ResourceFilter.byServer(serverId));
  }

  @Override
  public Backup backup(String backupId) {
    return cloud.getBackup(tenant, backupId);
  }

  @Override
  public List<Region> regions() {
    return cloud.regions(tenant);
  }

  @Override
  public Server changeOs(String serverId, String imageId, String idempotencyKey) {
    return cloud.changeOs(tenant, serverId, imageId, idempotencyKey);
  }

  @Override
  public Server reboot(String serverId, String idempotencyKey) {
    return cloud.serverAction(tenant, serverId, "reboot", java.util.Map.of(), idempotencyKey);
  }

  @Override
  public Image share(String imageId, String otherTenant, String idempotencyKey) {
    return cloud.shareImage(tenant, imageId, otherTenant, idempotencyKey);
  }

  @Override
  public Image refusedImageOperation(String imageId, String operation, String idempotencyKey) {
    return switch (operation) {
      case "export" -> cloud.exportImage(tenant, imageId, idempotencyKey);
      case "publish" -> cloud.publishImage(tenant, imageId, idempotencyKey);
      default -> throw new IllegalArgumentException("not an image operation: " + operation);
    };
  }

  @Override
  public Image deleteImage(String imageId, boolean deleteBackup, String idempotencyKey) {
    return cloud.deleteImage(tenant, imageId, deleteBackup, idempotencyKey);
  }

  @Override
  public void deleteSnapshot(String snapshotId, String idempotencyKey) {
    cloud.deleteSnapshot(tenant, snapshotId, idempotencyKey);
  }

  @Override
  public void deleteBackup(String backupId, String idempotencyKey) {
    cloud.deleteBackup(tenant, backupId, idempotencyKey);
  }

}
