package dev.fullecs.starter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.cloud.TenantCloud;
import dev.fullecs.cloud.emulator.EmulatorTenantCloud;

/**
 * The cloud's resources as JSON trees (the cloud's own snake_case shape), on {@link UserCloud} and
 * so on the port's {@link TenantCloud}: for the demo and the tests, which read the cloud as its API
 * answers. The commands use {@link UserCloud}'s records.
 */
public final class StarterCloud {
  private static final ObjectMapper JSON = HttpCloudClient.json();

  private final UserCloud cloud;

  /** The emulator's own API at {@code baseUrl}. */
  public StarterCloud(String baseUrl, String tenant, String token) {
    this(new EmulatorTenantCloud(baseUrl, tenant, token));
  }

  public StarterCloud(TenantCloud cloud) {
    this.cloud = new UserCloud(cloud);
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
    return tree(cloud.whoami());
  }

  public JsonNode server(String id) {
    return tree(cloud.server(id));
  }

  public JsonNode servers() {
    return tree(cloud.servers());
  }

  public JsonNode image(String id) {
    return tree(cloud.image(id));
  }

  public JsonNode images() {
    return tree(cloud.images());
  }

  public JsonNode snapshotsOfServer(String serverId) {
    return tree(cloud.snapshotsOfServer(serverId));
  }

  public JsonNode snapshot(String id) {
    return tree(cloud.snapshot(id));
  }

  public JsonNode backupsOfServer(String serverId) {
    return tree(cloud.backupsOfServer(serverId));
  }

  public JsonNode backup(String id) {
    return tree(cloud.backup(id));
  }

  public JsonNode regions() {
    return tree(cloud.regions());
  }

  /** A record of the port as the cloud's API writes it. */
  static JsonNode tree(Object record) {
    return JSON.valueToTree(record);
  }
}
