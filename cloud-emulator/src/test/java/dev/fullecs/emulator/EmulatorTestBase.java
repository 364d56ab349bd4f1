package dev.fullecs.emulator;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a fresh emulator on a temporary SQLite file for each test. */
abstract class EmulatorTestBase {
  @TempDir
  Path dir;

  CloudEmulator emu;
  Api tenantA;
  Api tenantB;
  Api service;
  Api admin;

  /** Near-instant tasks: the demo server's 100 GiB snapshot takes about 11 ms. */
  static final double FAST = 0.001;

  void start(EmulatorOptions options) {
    emu = CloudEmulator.start(options);
    tenantA = new Api(emu.baseUrl(), Api.TENANT_A);
    tenantB = tenantA.as(Api.TENANT_B);
    service = tenantA.as(Api.SERVICE);
    admin = tenantA.as(Api.ADMIN);
  }

  EmulatorOptions options() {
    return EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0).timeScale(FAST);
  }

  void startFast() {
    start(options());
  }

  void startFixed(Duration snapshot, Duration backup) {
    start(options().fixedDurations(snapshot, backup));
  }

  void restart() {
    emu.close();
    start(options());
  }

  private int keys;

  /** A fresh idempotency key. */
  String key() {
    return "test-key-" + (++keys);
  }

  /** Creates a snapshot of {@code diskId} and returns its id. */
  String snapshot(String diskId) {
    Api.Res r = tenantA.post("/v1/tenant-a/snapshots", "{\"disk_id\":\"" + diskId + "\"}", key());
    org.assertj.core.api.Assertions.assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    return r.text("id");
  }

  /** Long-polls until the snapshot is no longer creating; returns it. */
  Api.Res awaitSnapshot(String id) {
    for (int i = 0; i < 10; i++) {
      Api.Res r = tenantA.get("/v1/tenant-a/snapshots/" + id + "?wait_seconds=30");
      if (!"creating".equals(r.text("status"))) {
        return r;
      }
    }
    throw new AssertionError("snapshot " + id + " still creating");
  }

  /** Long-polls until the backup is no longer protecting; returns it. */
  Api.Res awaitBackup(String id) {
    for (int i = 0; i < 10; i++) {
      Api.Res r = tenantA.get("/v1/tenant-a/backups/" + id + "?wait_seconds=30");
      if (!"protecting".equals(r.text("status"))) {
        return r;
      }
    }
    throw new AssertionError("backup " + id + " still protecting");
  }

  /** Snapshots of every disk of the server, all available; returns their ids. */
  java.util.List<String> snapshotAll(String serverId) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode d : tenantA.get("/v1/tenant-a/servers/" + serverId).body().get("disks")) {
      ids.add(snapshot(d.get("id").asText()));
    }
    ids.forEach(id -> org.assertj.core.api.Assertions.assertThat(awaitSnapshot(id).text("status")).isEqualTo("available"));
    return ids;
  }

  /** Starts a backup of the server from the given snapshots; returns the response. */
  Api.Res backup(String serverId, String vaultId, java.util.List<String> snapshotIds) {
    String ids = snapshotIds.stream().map(s -> "\"" + s + "\"").collect(java.util.stream.Collectors.joining(","));
    return tenantA.post("/v1/tenant-a/backups", "{\"server_id\":\"" + serverId + "\",\"vault_id\":\"" + vaultId
        + "\",\"snapshot_ids\":[" + ids + "]}", key());
  }

  Api.Res lock(String serverId, String holder) {
    return service.post("/v1/tenant-a/servers/" + serverId + "/action", "{\"lock\":{\"holder\":\"" + holder + "\"}}");
  }

  Api.Res unlock(String serverId, String holder) {
    return service.post("/v1/tenant-a/servers/" + serverId + "/action", "{\"unlock\":{\"holder\":\"" + holder + "\"}}");
  }

  /** Locks the server for {@code imageId} and creates the CREATING image record. */
  Api.Res createImage(String imageId, String serverId, String name) {
    org.assertj.core.api.Assertions.assertThat(lock(serverId, imageId).status()).isEqualTo(200);
    return service.post("/v1/tenant-a/images", "{\"id\":\"" + imageId + "\",\"name\":\"" + name
        + "\",\"type\":\"FULL_ECS\",\"source_server_id\":\"" + serverId + "\",\"vault_id\":\"vault-backup\"}", key());
  }

  Api.Res imageAction(String imageId, String json) {
    return service.post("/v1/tenant-a/images/" + imageId + "/action", json);
  }

  Api.Res setFaults(String json) {
    Api.Res r = admin.put("/admin/faults", json);
    org.assertj.core.api.Assertions.assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    return r;
  }

  static long millis(Api.Res task) {
    return java.time.Duration.between(java.time.Instant.parse(task.text("created_at")),
        java.time.Instant.parse(task.text("completed_at"))).toMillis();
  }

  @AfterEach
  void stop() {
    if (emu != null) {
      emu.close();
    }
  }
}
