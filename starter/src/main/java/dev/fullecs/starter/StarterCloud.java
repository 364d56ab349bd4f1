package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudTimeoutException;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.emulator.EmulatorTenantCloud;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cloud as the user sees it, with the tenant's own token (F23), on the port's {@link
 * TenantCloud} (records, idempotency keys on every change, the worker's quick retries): reads of
 * servers, images, snapshots and backups, and what a tenant token may do itself. The starter never
 * locks servers or creates images or changes their status; that is the worker's job with the image
 * service's credential.
 *
 * <p>The commands still render and read the cloud's answers as JSON trees (their {@code --json}
 * output is the cloud's resource); this class turns the port's records into those trees with the
 * contract's snake_case mapper, and the port's failures into {@link CloudCallException} and {@link
 * StarterException} as the commands expect.
 */
public final class StarterCloud {
  private static final ObjectMapper JSON = HttpCloudClient.json();

  private final TenantCloud cloud;

  /** The emulator's own API at {@code baseUrl}. */
  public StarterCloud(String baseUrl, String tenant, String token) {
    this(new EmulatorTenantCloud(baseUrl, tenant, token));
  }

  public StarterCloud(TenantCloud cloud) {
    this.cloud = cloud;
  }

  /** Where the cloud is, for messages. */
  public String baseUrl() {
    return cloud.location();
  }

  public String tenant() {
    return cloud.tenant();
  }

  /** {@code {"tenant":..,"kind":"tenant"|"service"}}. */
  public JsonNode whoami() {
    return read(cloud::whoami);
  }

  public JsonNode server(String id) {
    return read(() -> cloud.server(id));
  }

  public JsonNode servers() {
    return read(cloud::servers);
  }

  public JsonNode image(String id) {
    return read(() -> cloud.image(id));
  }

  public JsonNode images() {
    return read(cloud::images);
  }

  public JsonNode snapshotsOfServer(String serverId) {
    return read(() -> cloud.snapshotsOfServer(serverId));
  }

  public JsonNode snapshot(String id) {
    return read(() -> cloud.snapshot(id));
  }

  public JsonNode backupsOfServer(String serverId) {
    return read(() -> cloud.backupsOfServer(serverId));
  }

  public JsonNode backup(String id) {
    return read(() -> cloud.backup(id));
  }

  public JsonNode regions() {
    return read(cloud::regions);
  }

  /** F19: {@code change_os} with a full-ECS image; the answer's {@code last_change_os} says what was written. */
  public JsonNode changeOs(String serverId, String imageId) {
    String key = key("change-os");
    return read(() -> cloud.changeOs(serverId, imageId, key));
  }

  /** F21: share with another tenant, read-only. */
  public JsonNode share(String imageId, String otherTenant) {
    String key = key("share");
    return read(() -> cloud.share(imageId, otherTenant, key));
  }

  /** F20: always refused for a full-ECS image; {@code operation} is export or publish. */
  public JsonNode refusedImageOperation(String imageId, String operation) {
    String key = key(operation);
    return read(() -> cloud.refusedImageOperation(imageId, operation, key));
  }

  /** The image DELETED; its backup too only if {@code deleteBackup} (the snapshots are kept). */
  public JsonNode deleteImage(String imageId, boolean deleteBackup) {
    String key = key("delete-image");
    return read(() -> cloud.deleteImage(imageId, deleteBackup, key));
  }

  public JsonNode deleteSnapshot(String id) {
    String key = key("delete-snapshot");
    return read(() -> {
      cloud.deleteSnapshot(id, key);
      return java.util.Map.of();
    });
  }

  public JsonNode deleteBackup(String id) {
    String key = key("delete-backup");
    return read(() -> {
      cloud.deleteBackup(id, key);
      return java.util.Map.of();
    });
  }

  /**
   * One key per action the user asked for: the port's quick retries send it again unchanged, so a
   * lost answer never makes the action happen twice; a new command is a new action.
   */
  private static String key(String action) {
    return "starter/" + action + "/" + UUID.randomUUID();
  }

  private JsonNode read(Supplier<?> call) {
    Object answer;
    try {
      answer = call.get();
    } catch (CloudTimeoutException e) {
      throw StarterException.failed("the cloud at " + cloud.location() + " did not answer in time");
    } catch (CloudException e) {
      if (e.httpStatus() == 0) {
        throw StarterException.failed("cannot reach the cloud at " + cloud.location()
            + ": start the emulator or set FULLECS_CLOUD_URL (" + e.getMessage() + ")");
      }
      throw new CloudCallException(e.httpStatus(), e.errorCode() == null ? "" : e.errorCode(), e.reason());
    }
    return JSON.valueToTree(answer);
  }
}
