package dev.fullecs.starter;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudTimeoutException;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.Region;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.WhoAmI;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cloud as the user sees it, with the tenant's own token (F23): the port's {@link TenantCloud}
 * and its records, its failures turned into what the starter reports ({@link CloudCallException},
 * or a {@link StarterException} when the cloud cannot be reached), and a new idempotency key for
 * every change the user asked for. The starter never locks servers or creates images or changes
 * their status; that is the worker's job with the image service's credential.
 */
public final class UserCloud {
  private final TenantCloud cloud;

  public UserCloud(TenantCloud cloud) {
    this.cloud = cloud;
  }

  /** Where the cloud is, for messages. */
  public String location() {
    return cloud.location();
  }

  public String tenant() {
    return cloud.tenant();
  }

  public WhoAmI whoami() {
    return call(cloud::whoami);
  }

  public Server server(String id) {
    return call(() -> cloud.server(id));
  }

  public List<Server> servers() {
    return call(cloud::servers);
  }

  public Image image(String id) {
    return call(() -> cloud.image(id));
  }

  /** The tenant's images and those shared with it. */
  public List<Image> images() {
    return call(cloud::images);
  }

  public List<Snapshot> snapshotsOfServer(String serverId) {
    return call(() -> cloud.snapshotsOfServer(serverId));
  }

  public Snapshot snapshot(String id) {
    return call(() -> cloud.snapshot(id));
  }

  public List<Backup> backupsOfServer(String serverId) {
    return call(() -> cloud.backupsOfServer(serverId));
  }

  public Backup backup(String id) {
    return call(() -> cloud.backup(id));
  }

  public List<Region> regions() {
    return call(cloud::regions);
  }

  /** F19: {@code change_os} with a full-ECS image; the answer's {@code lastChangeOs} says what was written. */
  public Server changeOs(String serverId, String imageId) {
    String key = key("change-os");
    return call(() -> cloud.changeOs(serverId, imageId, key));
  }

  /** F21: share with another tenant, read-only. */
  public Image share(String imageId, String otherTenant) {
    String key = key("share");
    return call(() -> cloud.share(imageId, otherTenant, key));
  }

  /** F20: always refused for a full-ECS image; {@code operation} is export or publish. */
  public Image refusedImageOperation(String imageId, String operation) {
    String key = key(operation);
    return call(() -> cloud.refusedImageOperation(imageId, operation, key));
  }

  /** The image DELETED; its backup too only if {@code deleteBackup} (the snapshots are kept). */
  public Image deleteImage(String imageId, boolean deleteBackup) {
    String key = key("delete-image");
    return call(() -> cloud.deleteImage(imageId, deleteBackup, key));
  }

  public void deleteSnapshot(String id) {
    String key = key("delete-snapshot");
    call(() -> {
      cloud.deleteSnapshot(id, key);
      return null;
    });
  }

  public void deleteBackup(String id) {
    String key = key("delete-backup");
    call(() -> {
      cloud.deleteBackup(id, key);
      return null;
    });
  }

  /**
   * One key per action the user asked for: the port's quick retries send it again unchanged, so a
   * lost answer never makes the action happen twice; a new command is a new action.
   */
  private static String key(String action) {
    return "starter/" + action + "/" + UUID.randomUUID();
  }

  private <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudTimeoutException e) {
      throw StarterException.failed("the cloud at " + cloud.location() + " did not answer in time");
    } catch (CloudException e) {
      if (e.httpStatus() == 0) {
        throw StarterException.failed("cannot reach the cloud at " + cloud.location()
            + ": start the emulator or set FULLECS_CLOUD_URL (" + e.getMessage() + ")");
      }
      throw new CloudCallException(e.httpStatus(), e.errorCode() == null ? "" : e.errorCode(), e.reason());
    }
  }
}
