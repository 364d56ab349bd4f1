package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a tenant does with a full-ECS image afterwards: provision (F18), change OS (F19), refusals and replication (F20), share (F21), retained resources, F22. */
class ImageUseTest extends EmulatorTestBase {
  private List<String> snaps;
  private String backupId;

  /** An image of the server, NORMAL in its source AZ only. */
  private void azImage(String imageId, String serverId) {
    assertThat(createImage(imageId, serverId, imageId).status()).isEqualTo(201);
    snaps = snapshotAll(serverId);
    String ids = String.join(",", snaps.stream().map(s -> "\"" + s + "\"").toList());
    assertThat(imageAction(imageId, "{\"set_snapshots\":{\"snapshot_ids\":[" + ids + "]}}").status()).isEqualTo(200);
    assertThat(imageAction(imageId, "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"AZ\"}}").status()).isEqualTo(200);
  }

  /** Then NORMAL in the whole region, and the server unlocked. */
  private void regionWide(String imageId, String serverId) {
    Api.Res b = backup(serverId, "vault-backup", snaps);
    backupId = b.text("id");
    imageAction(imageId, "{\"set_backup\":{\"backup_id\":\"" + backupId + "\"}}");
    awaitBackup(backupId);
    assertThat(imageAction(imageId, "{\"set_status\":{\"status\":\"NORMAL\",\"scope\":\"REGION\"}}").status()).isEqualTo(200);
    assertThat(unlock(serverId, imageId).status()).isEqualTo(200);
  }

  private Api.Res provision(Api as, String tenant, String image, String az) {
    return as.post("/v1/" + tenant + "/servers", "{\"name\":\"clone\",\"image_id\":\"" + image + "\",\"az\":\"" + az + "\"}", key());
  }

  private Api.Res awaitRunning(Api as, String tenant, String id) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      Api.Res r = as.get("/v1/" + tenant + "/servers/" + id);
      if (!"BUILDING".equals(r.text("state"))) {
        return r;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(id + " still BUILDING");
  }

  private static List<String> layout(JsonNode server) {
    List<String> out = new ArrayList<>();
    server.get("disks").forEach(d -> out.add(d.get("role").asText() + ":" + d.get("size_gib").asInt() + ":" + d.get("type").asText()));
    return out;
  }

  @Test
  void provisioningIsOnlyInTheSourceAzUntilRegionWideThenEverywhereWithEveryDisk() throws Exception { // F18
    startFast();
    azImage("img-1", "ecs-web-01");
    Api.Res elsewhere = provision(tenantA, "tenant-a", "img-1", "cn-north-4b");
    assertThat(elsewhere.status()).isEqualTo(409);
    assertThat(elsewhere.code()).isEqualTo("IMAGE_NOT_AVAILABLE_IN_AZ");
    assertThat(elsewhere.msg()).contains("cn-north-4a");
    Api.Res here = provision(tenantA, "tenant-a", "img-1", "cn-north-4a");
    assertThat(here.status()).as("%s", here.body()).isEqualTo(201);
    assertThat(here.text("state")).isEqualTo("BUILDING");
    Api.Res running = awaitRunning(tenantA, "tenant-a", here.text("id"));
    assertThat(running.text("state")).isEqualTo("RUNNING");
    JsonNode source = tenantA.get("/v1/tenant-a/servers/ecs-web-01").body();
    assertThat(layout(running.body())).isEqualTo(layout(source));
    assertThat(running.text("image_id")).isEqualTo("img-1");

    regionWide("img-1", "ecs-web-01");
    Api.Res other = provision(tenantA, "tenant-a", "img-1", "cn-north-4c");
    assertThat(other.status()).as("%s", other.body()).isEqualTo(201);
    assertThat(layout(awaitRunning(tenantA, "tenant-a", other.text("id")).body())).isEqualTo(layout(source));
    assertThat(provision(tenantA, "tenant-a", "img-1", "cn-east-3a").code()).isEqualTo("AZ_NOT_IN_REGION");

    Api.Res del = tenantA.post("/v1/tenant-a/servers/" + other.text("id") + "/action", "{\"delete\":{}}");
    assertThat(del.text("state")).isEqualTo("DELETED");
    // the image service may delete a server provisioned from an image (workflow cleanup), not any other
    assertThat(service.post("/v1/tenant-a/servers/" + here.text("id") + "/action", "{\"delete\":{}}").text("state")).isEqualTo("DELETED");
    assertThat(service.post("/v1/tenant-a/servers/ecs-single-disk/action", "{\"delete\":{}}").code()).isEqualTo("TENANT_TOKEN_REQUIRED");
  }

  @Test
  void provisioningIsRefusedForCreatingErrorAndDeletedImagesAndNeedsAKey() { // F18
    startFast();
    assertThat(createImage("img-c", "ecs-single-disk", "c").status()).isEqualTo(201);
    assertThat(provision(tenantA, "tenant-a", "img-c", "cn-north-4a").code()).isEqualTo("IMAGE_NOT_USABLE");
    imageAction("img-c", "{\"set_status\":{\"status\":\"ERROR\",\"reason\":\"x\"}}");
    assertThat(provision(tenantA, "tenant-a", "img-c", "cn-north-4a").code()).isEqualTo("IMAGE_NOT_USABLE");
    tenantA.delete("/v1/tenant-a/images/img-c");
    assertThat(provision(tenantA, "tenant-a", "img-c", "cn-north-4a").code()).isEqualTo("IMAGE_NOT_USABLE");
    assertThat(provision(tenantA, "tenant-a", "img-none", "cn-north-4a").status()).isEqualTo(404);
    Api.Res noKey = tenantA.post("/v1/tenant-a/servers", "{\"name\":\"x\",\"image_id\":\"img-c\",\"az\":\"cn-north-4a\"}");
    assertThat(noKey.status()).isEqualTo(400);
  }

  @Test
  void provisioningWithTheSameKeyCreatesOneServer() { // F13
    startFast();
    azImage("img-1", "ecs-single-disk");
    String body = "{\"name\":\"clone\",\"image_id\":\"img-1\",\"az\":\"cn-north-4a\"}";
    Api.Res first = tenantA.post("/v1/tenant-a/servers", body, "same-key");
    Api.Res again = tenantA.post("/v1/tenant-a/servers", body, "same-key");
    assertThat(again.text("id")).isEqualTo(first.text("id"));
  }

  @Test
  void changeOsWritesOnlyTheSystemDisk() { // F19
    startFast();
    azImage("img-1", "ecs-web-01");
    regionWide("img-1", "ecs-web-01");
    List<String> before = layout(tenantA.get("/v1/tenant-a/servers/ecs-win-ok").body());
    Api.Res r = tenantA.post("/v1/tenant-a/servers/ecs-win-ok/action", "{\"change_os\":{\"image_id\":\"img-1\"}}");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.text("last_change_os")).contains("system disk ecs-win-ok-sys only").contains("1 data disk(s) unchanged");
    assertThat(layout(r.body())).isEqualTo(before);
  }

  @Test
  void exportPublishAndReplicationInRegionAreRefusedWithAReason() { // F20
    startFast();
    azImage("img-1", "ecs-single-disk");
    regionWide("img-1", "ecs-single-disk");
    Api.Res export = tenantA.post("/v1/tenant-a/images/img-1/export", "{}");
    assertThat(export.code()).isEqualTo("FULL_ECS_IMAGE_EXPORT_NOT_SUPPORTED");
    assertThat(export.msg()).contains("cannot be exported");
    assertThat(tenantA.post("/v1/tenant-a/images/img-1/publish", "{}").code()).isEqualTo("FULL_ECS_IMAGE_PUBLISH_NOT_SUPPORTED");
    assertThat(tenantA.post("/v1/tenant-a/images/img-1/replicate", "{\"region\":\"cn-north-4\"}", key()).code())
        .isEqualTo("FULL_ECS_IMAGE_REPLICATION_IN_REGION");
    assertThat(tenantA.post("/v1/tenant-a/images/img-1/replicate", "{\"region\":\"eu-west-0\"}", key()).status()).isEqualTo(404);
  }

  @Test
  void regionPairNotAllowedIsRefused() throws Exception { // F20
    String inv = new String(getClass().getResourceAsStream("/inventory/default.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(inv);
    tree.putArray("region_pairs").addObject().put("from", "cn-east-3").put("to", "cn-north-4");
    java.nio.file.Path file = dir.resolve("no-pairs.json");
    java.nio.file.Files.writeString(file, tree.toString());
    start(options().inventory(file));
    azImage("img-1", "ecs-single-disk");
    regionWide("img-1", "ecs-single-disk");
    Api.Res r = tenantA.post("/v1/tenant-a/images/img-1/replicate", "{\"region\":\"cn-east-3\"}", key());
    assertThat(r.code()).isEqualTo("REGION_PAIR_NOT_ALLOWED");
    assertThat(r.msg()).contains("cn-north-4").contains("cn-east-3");
  }

  @Test
  void crossRegionReplicaBecomesNormalRecordsItsSourceAndRefusesASecondReplication() throws Exception { // F20
    startFast();
    azImage("img-1", "ecs-web-01");
    assertThat(tenantA.post("/v1/tenant-a/images/img-1/replicate", "{\"region\":\"cn-east-3\"}", key()).code())
        .as("AZ-only is not yet replicable").isEqualTo("IMAGE_NOT_USABLE");
    regionWide("img-1", "ecs-web-01");
    Api.Res r = tenantA.post("/v1/tenant-a/images/img-1/replicate", "{\"region\":\"cn-east-3\"}", key());
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    assertThat(r.text("status")).isEqualTo("CREATING");
    assertThat(r.text("replicated_from")).isEqualTo("cn-north-4/img-1");
    String replica = r.text("id");
    Api.Res now = null;
    for (int i = 0; i < 200; i++) {
      now = tenantA.get("/v1/tenant-a/images/" + replica);
      if ("NORMAL".equals(now.text("status"))) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(now.text("status")).isEqualTo("NORMAL");
    assertThat(now.text("region")).isEqualTo("cn-east-3");
    assertThat(now.body().get("available_azs")).hasSize(2);
    Api.Res again = tenantA.post("/v1/tenant-a/images/" + replica + "/replicate", "{\"region\":\"cn-north-4\"}", key());
    assertThat(again.code()).isEqualTo("FULL_ECS_IMAGE_ALREADY_REPLICATED");
    Api.Res clone = provision(tenantA, "tenant-a", replica, "cn-east-3b");
    assertThat(clone.status()).as("%s", clone.body()).isEqualTo(201);
    assertThat(awaitRunning(tenantA, "tenant-a", clone.text("id")).text("region")).isEqualTo("cn-east-3");
  }

  @Test
  void sharingIsRefusedWhileTheSourceHasACsbsBackup() { // F21
    startFast();
    azImage("img-csbs", "ecs-csbs");
    regionWide("img-csbs", "ecs-csbs");
    Api.Res r = tenantA.post("/v1/tenant-a/images/img-csbs/share", "{\"tenant\":\"tenant-b\"}");
    assertThat(r.code()).isEqualTo("CSBS_BACKUP_EXISTS");
    assertThat(r.msg()).contains("migrate it to CBR first");
    assertThat(tenantB.get("/v1/tenant-b/images/img-csbs").status()).isEqualTo(404);
  }

  @Test
  void aSharedImageIsReadOnlyForTheOtherTenantWhoCanProvisionFromIt() throws Exception { // F21, F22
    startFast();
    azImage("img-1", "ecs-web-01");
    regionWide("img-1", "ecs-web-01");
    assertThat(tenantB.get("/v1/tenant-b/images/img-1").status()).isEqualTo(404);
    assertThat(provision(tenantB, "tenant-b", "img-1", "cn-north-4a").status()).isEqualTo(404);
    Api.Res shared = tenantA.post("/v1/tenant-a/images/img-1/share", "{\"tenant\":\"tenant-b\"}");
    assertThat(shared.status()).as("%s", shared.body()).isEqualTo(200);
    assertThat(tenantB.get("/v1/tenant-b/images/img-1").text("status")).isEqualTo("NORMAL");
    assertThat(tenantB.get("/v1/tenant-b/images").body().get("images").toString()).contains("img-1");
    Api.Res clone = provision(tenantB, "tenant-b", "img-1", "cn-north-4b");
    assertThat(clone.status()).as("%s", clone.body()).isEqualTo(201);
    assertThat(clone.text("tenant")).isEqualTo("tenant-b");
    assertThat(awaitRunning(tenantB, "tenant-b", clone.text("id")).body().get("disks")).hasSize(3);
    // read-only: no delete, share, replicate, export or image action
    assertThat(tenantB.delete("/v1/tenant-b/images/img-1").status()).isEqualTo(404);
    assertThat(tenantB.post("/v1/tenant-b/images/img-1/share", "{\"tenant\":\"tenant-a\"}").code()).isEqualTo("NOT_IMAGE_OWNER");
    assertThat(tenantB.post("/v1/tenant-b/images/img-1/replicate", "{\"region\":\"cn-east-3\"}", key()).code()).isEqualTo("NOT_IMAGE_OWNER");
    assertThat(tenantB.post("/v1/tenant-b/images/img-1/export", "{}").status()).isEqualTo(403);
    assertThat(tenantA.get("/v1/tenant-a/images/img-1").text("status")).isEqualTo("NORMAL");
  }

  @Test
  void theOtherTenantsTokenIsRefusedOnEveryNewRouteAndChangesNothing() { // F22
    startFast();
    azImage("img-1", "ecs-web-01");
    regionWide("img-1", "ecs-web-01");
    int images = tenantA.get("/v1/tenant-a/images").body().get("images").size();
    int servers = tenantA.get("/v1/tenant-a/servers").body().get("servers").size();
    String[][] calls = {
        {"POST", "/v1/tenant-a/servers", "{\"name\":\"x\",\"image_id\":\"img-1\",\"az\":\"cn-north-4a\"}"},
        {"POST", "/v1/tenant-a/images/img-1/share", "{\"tenant\":\"tenant-b\"}"},
        {"POST", "/v1/tenant-a/images/img-1/replicate", "{\"region\":\"cn-east-3\"}"},
        {"POST", "/v1/tenant-a/images/img-1/export", "{}"},
        {"POST", "/v1/tenant-a/images/img-1/publish", "{}"},
        {"DELETE", "/v1/tenant-a/snapshots/" + snaps.get(0), null},
        {"DELETE", "/v1/tenant-a/backups/" + backupId, null},
    };
    for (String[] c : calls) {
      Api.Res r = tenantB.send(c[0], c[1], c[2], key());
      assertThat(r.status()).as("%s %s: %s", c[0], c[1], r.body()).isIn(401, 403, 404);
    }
    // tenant-b's own path cannot reach tenant-a's snapshot or backup either
    assertThat(tenantB.delete("/v1/tenant-b/snapshots/" + snaps.get(0)).status()).isEqualTo(404);
    assertThat(tenantB.delete("/v1/tenant-b/backups/" + backupId).status()).isEqualTo(404);
    assertThat(tenantA.get("/v1/tenant-a/images/img-1").body().get("shared_with")).isEmpty();
    assertThat(tenantA.get("/v1/tenant-a/snapshots/" + snaps.get(0)).status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/backups/" + backupId).status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/images").body().get("images")).hasSize(images);
    assertThat(tenantA.get("/v1/tenant-a/servers").body().get("servers")).hasSize(servers);
  }

  @Test
  void retainedSnapshotsAndBackupsCanBeDeletedOnceNoLiveImageUsesThem() { // F11, F17
    startFast();
    azImage("img-1", "ecs-single-disk");
    regionWide("img-1", "ecs-single-disk");
    assertThat(tenantA.delete("/v1/tenant-a/backups/" + backupId).code()).isEqualTo("BACKUP_IN_USE");
    assertThat(tenantA.delete("/v1/tenant-a/snapshots/" + snaps.get(0)).code()).isEqualTo("SNAPSHOT_IN_USE");
    assertThat(tenantA.delete("/v1/tenant-a/images/img-1").text("status")).isEqualTo("DELETED");
    assertThat(tenantA.delete("/v1/tenant-a/backups/" + backupId).status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/backups/" + backupId).status()).isEqualTo(404);
    assertThat(tenantA.delete("/v1/tenant-a/snapshots/" + snaps.get(0)).status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/snapshots/" + snaps.get(0)).status()).isEqualTo(404);
    assertThat(tenantA.delete("/v1/tenant-a/snapshots/" + snaps.get(0)).status()).isEqualTo(404);
  }
}
