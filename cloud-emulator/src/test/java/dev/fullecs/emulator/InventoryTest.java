package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default inventory has one server per F2 rule, the healthy ones, and the other fixtures. */
class InventoryTest extends EmulatorTestBase {
  @BeforeEach
  void up() {
    startFast();
  }

  private JsonNode server(String id) {
    Api.Res r = tenantA.get("/v1/tenant-a/servers/" + id);
    assertThat(r.status()).as(id).isEqualTo(200);
    return r.body();
  }

  private static List<Integer> sizes(JsonNode s) {
    List<Integer> out = new ArrayList<>();
    s.get("disks").forEach(d -> out.add(d.get("size_gib").asInt()));
    return out;
  }

  @Test
  void regionsAzsAndPairs() {
    JsonNode regions = tenantA.get("/v1/tenant-a/regions").body().get("regions");
    assertThat(regions.get(0).get("id").asText()).isEqualTo("cn-north-4");
    assertThat(regions.get(0).get("azs").toString()).isEqualTo("[\"cn-north-4a\",\"cn-north-4b\",\"cn-north-4c\"]");
    assertThat(regions.get(1).get("azs").toString()).isEqualTo("[\"cn-east-3a\",\"cn-east-3b\"]");
    JsonNode settings = tenantA.get("/v1/tenant-a/settings").body();
    assertThat(settings.get("region_pairs")).hasSize(2);
    assertThat(settings.get("enterprise_projects").toString()).isEqualTo("[\"default\",\"ep-finance\"]");
    assertThat(settings.get("tag_policy").get("required_keys")).isEmpty();
    assertThat(tenantB.get("/v1/tenant-b/settings").body().get("tag_policy").get("required_keys").toString())
        .isEqualTo("[\"cost-center\"]");
  }

  @Test
  void healthyServers() {
    JsonNode web = server("ecs-web-01");
    assertThat(sizes(web)).containsExactly(40, 100, 100);
    assertThat(web.get("disks").get(0).get("role").asText()).isEqualTo("system");
    assertThat(web.get("state").asText()).isEqualTo("RUNNING");
    assertThat(sizes(server("ecs-single-disk"))).containsExactly(40);
    JsonNode eight = server("ecs-eight-disks");
    assertThat(eight.get("disks")).hasSize(9);
    assertThat(eight.get("az").asText()).isEqualTo("cn-north-4b");
    JsonNode win = server("ecs-win-ok");
    assertThat(win.get("os").asText()).isEqualTo("WINDOWS");
    assertThat(win.get("san_policy").asText()).isEqualTo("OnlineAll");
    assertThat(sizes(win)).containsExactly(60, 50);
    assertThat(server("ecs-csbs").get("has_csbs_backup").asBoolean()).isTrue();
    JsonNode dbStopped = server("ecs-db-stopped");
    assertThat(dbStopped.get("hosts_database").asBoolean()).isTrue();
    assertThat(dbStopped.get("state").asText()).isEqualTo("STOPPED");
    assertThat(sizes(tenantB.get("/v1/tenant-b/servers/ecs-b-01").body())).containsExactly(40, 50);
  }

  @Test
  void oneServerBreaksEachF2Rule() {
    assertThat(server("bms-01").get("kind").asText()).isEqualTo("BMS");
    assertThat(server("ecs-resizing").get("state").asText()).isEqualTo("RESIZING");
    JsonNode dbRunning = server("ecs-db-running");
    assertThat(dbRunning.get("hosts_database").asBoolean()).isTrue();
    assertThat(dbRunning.get("state").asText()).isEqualTo("RUNNING");
    assertThat(server("ecs-misconfigured").get("config_check_failed_items")).isNotEmpty();
    JsonNode spanned = server("ecs-win-spanned");
    assertThat(spanned.get("os").asText()).isEqualTo("WINDOWS");
    assertThat(spanned.get("spanned_volume").asBoolean()).isTrue();
    assertThat(spanned.get("san_policy").asText()).isEqualTo("OnlineAll");
    assertThat(server("ecs-win-offlineshared").get("san_policy").asText()).isEqualTo("OfflineShared");
    JsonNode lvm = server("ecs-lvm-multi");
    assertThat(lvm.get("os").asText()).isEqualTo("LINUX");
    assertThat(lvm.get("multi_disk_logical_volume").asBoolean()).isTrue();
    assertThat(StreamSupport.stream(server("ecs-dss").get("disks").spliterator(), false)
        .filter(d -> d.get("type").asText().equals("DSS"))).hasSize(1);
    assertThat(server("ecs-locked").get("lock_holder").asText()).isEqualTo("img-other-creation");
    // every healthy server breaks none of them
    for (String id : List.of("ecs-web-01", "ecs-single-disk", "ecs-eight-disks", "ecs-win-ok", "ecs-csbs")) {
      JsonNode s = server(id);
      assertThat(s.get("kind").asText()).isEqualTo("ECS");
      assertThat(s.get("hosts_database").asBoolean()).isFalse();
      assertThat(s.get("config_check_failed_items")).isEmpty();
      assertThat(s.get("spanned_volume").asBoolean()).isFalse();
      assertThat(s.get("multi_disk_logical_volume").asBoolean()).isFalse();
      assertThat(s.get("lock_holder").isNull()).isTrue();
      s.get("disks").forEach(d -> assertThat(d.get("type").asText()).isNotEqualTo("DSS"));
    }
  }

  @Test
  void vaultsImageAndBackup() {
    JsonNode good = tenantA.get("/v1/tenant-a/vaults/vault-backup").body();
    assertThat(good.get("protection_type").asText()).isEqualTo("backup");
    assertThat(good.get("object_type").asText()).isEqualTo("server");
    assertThat(good.get("capacity_gib").asLong()).isEqualTo(10000);
    assertThat(good.get("used_gib").asLong()).isZero();
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-replication").text("protection_type")).isEqualTo("replication");
    JsonNode full = tenantA.get("/v1/tenant-a/vaults/vault-full").body();
    assertThat(full.get("capacity_gib").asLong() - full.get("used_gib").asLong()).isEqualTo(5);
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-other-region").text("region")).isEqualTo("cn-east-3");
    assertThat(tenantB.get("/v1/tenant-b/vaults/vault-b-backup").status()).isEqualTo(200);

    JsonNode img = tenantA.get("/v1/tenant-a/images/img-existing").body();
    assertThat(img.get("name").asText()).isEqualTo("existing-image");
    assertThat(img.get("status").asText()).isEqualTo("NORMAL");
    assertThat(img.get("available_azs")).hasSize(3);
    assertThat(img.get("source_server_id").asText()).isEqualTo("ecs-single-disk");

    JsonNode b = tenantA.get("/v1/tenant-a/backups/backup-existing").body();
    assertThat(b.get("status").asText()).isEqualTo("available");
    assertThat(b.get("server_id").asText()).isEqualTo("ecs-single-disk");
    assertThat(b.get("vault_id").asText()).isEqualTo("vault-backup");
    for (JsonNode sid : b.get("snapshot_ids")) {
      assertThat(tenantA.get("/v1/tenant-a/snapshots/" + sid.asText()).text("status")).isEqualTo("available");
    }
    assertThat(tenantA.get("/v1/tenant-a/images?status=NORMAL").body().get("images").findValuesAsText("backup_id"))
        .doesNotContain("backup-existing");
  }

  @Test
  void aUserInventoryReplacesTheDefault() throws Exception {
    emu.close();
    java.nio.file.Path inv = dir.resolve("inv.json");
    new picocli.CommandLine(new EmulatorMain()).execute("generate-inventory", "--servers", "3", "--out", inv.toString());
    start(EmulatorOptions.defaults().database(dir.resolve("other.db")).port(0).timeScale(FAST).inventory(inv));
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-load-00003").status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/vaults/vault-load").body().get("capacity_gib").asLong()).isEqualTo(3 * 240 * 3);
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").status()).isEqualTo(200);
  }
}
