package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Audit log, state dump, force-unlock, generate. */
class AdminTest extends EmulatorTestBase {
  @BeforeEach
  void up() {
    startFast();
  }

  @Test
  void everyAcceptedChangeIsAuditedAndRefusalsAreNot() {
    long since = lastSeq();
    lock("ecs-web-01", "img-1");
    tenantA.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"stop\":{}}");
    String snap = snapshot("ecs-web-01-sys");
    JsonNode entries = admin.get("/admin/audit?since=" + since).body().get("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("operation").asText()).isEqualTo("server_action");
    assertThat(entries.get(0).get("actor").asText()).isEqualTo("service");
    assertThat(entries.get(0).get("tenant").asText()).isEqualTo("tenant-a");
    assertThat(entries.get(0).get("resource_id").asText()).isEqualTo("ecs-web-01");
    assertThat(entries.get(0).get("detail").asText()).contains("img-1");
    assertThat(entries.get(1).get("operation").asText()).isEqualTo("create_snapshot");
    assertThat(entries.get(1).get("actor").asText()).isEqualTo("tenant");
    assertThat(entries.get(1).get("resource_id").asText()).isEqualTo(snap);
    assertThat(entries.get(1).get("seq").asLong()).isGreaterThan(entries.get(0).get("seq").asLong());
    assertThat(entries.toString()).doesNotContain("tok-");
  }

  private long lastSeq() {
    JsonNode e = admin.get("/admin/audit?since=0&limit=10000").body().get("entries");
    return e.get(e.size() - 1).get("seq").asLong();
  }

  @Test
  void forceUnlockClearsAStrandedLock() {
    Api.Res r = admin.post("/admin/servers/ecs-locked/force-unlock", "");
    assertThat(r.body().get("lock_holder").isNull()).isTrue();
    assertThat(admin.get("/admin/audit?since=" + (lastSeq() - 1)).body().get("entries").get(0).get("detail").asText())
        .contains("img-other-creation");
    assertThat(admin.post("/admin/servers/nope/force-unlock", "").status()).isEqualTo(404);
  }

  @Test
  void stateDumpsEverything() {
    JsonNode state = admin.get("/admin/state").body();
    assertThat(state.get("servers").size()).isEqualTo(16);
    assertThat(state.get("vaults").size()).isEqualTo(5);
    assertThat(state.get("images").size()).isEqualTo(2);
    assertThat(state.get("backups").size()).isEqualTo(2);
    assertThat(state.get("snapshots").size()).isEqualTo(2);
    assertThat(state.toString()).doesNotContain("tok-tenant");
  }

  @Test
  void generateAddsHealthyServersAndGrowsTheVault() {
    Api.Res r = admin.post("/admin/generate", "{\"tenant\":\"tenant-b\",\"count\":5,\"data_disks\":1}");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.body().get("server_ids")).hasSize(5);
    JsonNode s = tenantB.get("/v1/tenant-b/servers/ecs-load-00005").body();
    assertThat(s.get("disks")).hasSize(2);
    assertThat(s.get("state").asText()).isEqualTo("RUNNING");
    assertThat(tenantB.get("/v1/tenant-b/vaults/vault-load").body().get("capacity_gib").asLong()).isEqualTo(5 * 140 * 3);
    Api.Res more = admin.post("/admin/generate", "{\"tenant\":\"tenant-b\",\"count\":1}");
    assertThat(more.body().get("server_ids").get(0).asText()).isEqualTo("ecs-load-00006");
    assertThat(admin.post("/admin/generate", "{\"tenant\":\"nobody\",\"count\":1}").status()).isEqualTo(404);
  }

  @Test
  void generateWithBackupsGivesEachServerAnUnusedAvailableBackupThatCanMakeAnImage() {
    long usedBefore = usedGib();
    Api.Res r = admin.post("/admin/generate", "{\"tenant\":\"tenant-a\",\"count\":2,\"data_disks\":2,\"backups\":true}");
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    assertThat(r.body().get("backup_ids")).hasSize(2);
    String backupId = r.body().get("backup_ids").get(0).asText();
    JsonNode backup = tenantA.get("/v1/tenant-a/backups/" + backupId).body();
    assertThat(backup.get("status").asText()).isEqualTo("available");
    assertThat(backup.get("vault_id").asText()).isEqualTo("vault-load");
    assertThat(backup.get("server_id").asText()).isEqualTo(r.body().get("server_ids").get(0).asText());
    assertThat(backup.get("snapshot_ids")).hasSize(3);
    for (JsonNode snap : backup.get("snapshot_ids")) {
      assertThat(tenantA.get("/v1/tenant-a/snapshots/" + snap.asText()).text("status")).isEqualTo("available");
    }
    assertThat(usedGib() - usedBefore).isEqualTo(2 * (40 + 2 * 100));

    Api.Res image = service.post("/v1/tenant-a/images", "{\"id\":\"img-from-generated\",\"name\":\"from-generated\","
        + "\"type\":\"FULL_ECS\",\"source_backup_id\":\"" + backupId + "\",\"vault_id\":\"vault-load\"}", key());
    assertThat(image.status()).as("%s", image.body()).isEqualTo(201);
    assertThat(image.text("backup_id")).isEqualTo(backupId);
  }

  private long usedGib() {
    Api.Res v = tenantA.get("/v1/tenant-a/vaults/vault-load");
    return v.status() == 404 ? 0 : v.body().get("used_gib").asLong();
  }
}
