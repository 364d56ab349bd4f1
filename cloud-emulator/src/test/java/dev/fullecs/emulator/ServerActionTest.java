package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server state transitions and the lock of F3 on every action. */
class ServerActionTest extends EmulatorTestBase {
  static final List<String> ORDINARY = List.of(
      "{\"start\":{}}", "{\"stop\":{}}", "{\"reboot\":{}}", "{\"resize\":{\"flavor\":\"s6.xlarge.2\"}}",
      "{\"change_os\":{\"image_id\":\"img-existing\"}}", "{\"attach_disk\":{\"size_gib\":10,\"type\":\"SSD\"}}",
      "{\"detach_disk\":{\"disk_id\":\"ecs-web-01-data1\"}}", "{\"delete\":{}}");

  @BeforeEach
  void up() {
    startFast();
  }

  private Api.Res act(String server, String json) {
    return tenantA.post("/v1/tenant-a/servers/" + server + "/action", json);
  }

  @Test
  void stopStartRebootTransitions() {
    Api.Res stopped = act("ecs-web-01", "{\"stop\":{}}");
    assertThat(stopped.text("state")).isEqualTo("STOPPED");
    assertThat(act("ecs-web-01", "{\"stop\":{}}").code()).isEqualTo("INVALID_SERVER_STATE");
    assertThat(act("ecs-web-01", "{\"reboot\":{}}").code()).isEqualTo("INVALID_SERVER_STATE");
    assertThat(act("ecs-web-01", "{\"start\":{}}").text("state")).isEqualTo("RUNNING");
    assertThat(act("ecs-web-01", "{\"start\":{}}").status()).isEqualTo(409);
    assertThat(act("ecs-web-01", "{\"reboot\":{}}").text("state")).isEqualTo("RUNNING");
  }

  @Test
  void resizeChangeOsAttachDetach() {
    assertThat(act("ecs-web-01", "{\"resize\":{\"flavor\":\"s6.xlarge.2\"}}").text("flavor")).isEqualTo("s6.xlarge.2");
    assertThat(act("ecs-web-01", "{\"change_os\":{\"image_id\":\"img-existing\"}}").text("image_id")).isEqualTo("img-existing");
    Api.Res attached = act("ecs-web-01", "{\"attach_disk\":{\"size_gib\":10,\"type\":\"SAS\"}}");
    assertThat(attached.body().get("disks")).hasSize(4);
    assertThat(attached.body().get("disks").get(3).get("id").asText()).isEqualTo("ecs-web-01-data3");
    Api.Res detached = act("ecs-web-01", "{\"detach_disk\":{\"disk_id\":\"ecs-web-01-data1\"}}");
    assertThat(detached.body().get("disks")).hasSize(3);
    assertThat(act("ecs-web-01", "{\"detach_disk\":{\"disk_id\":\"ecs-web-01-sys\"}}").code()).isEqualTo("SYSTEM_DISK_NOT_DETACHABLE");
    assertThat(act("ecs-web-01", "{\"detach_disk\":{\"disk_id\":\"nope\"}}").status()).isEqualTo(404);
    assertThat(act("ecs-web-01", "{\"change_os\":{\"image_id\":\"img-other-creation\"}}").code()).isEqualTo("IMAGE_NOT_NORMAL");
    assertThat(act("ecs-web-01", "{\"change_os\":{\"image_id\":\"img-nope\"}}").status()).isEqualTo(404);
  }

  @Test
  void deleteIsFinal() {
    assertThat(act("ecs-single-disk", "{\"delete\":{}}").text("state")).isEqualTo("DELETED");
    assertThat(act("ecs-single-disk", "{\"start\":{}}").code()).isEqualTo("SERVER_DELETED");
    assertThat(lock("ecs-single-disk", "img-x").code()).isEqualTo("SERVER_DELETED");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-single-disk").text("state")).isEqualTo("DELETED");
  }

  @Test
  void transitionalStatesRefuseOrdinaryActionsButAllowDelete() {
    assertThat(act("ecs-resizing", "{\"stop\":{}}").code()).isEqualTo("INVALID_SERVER_STATE");
    assertThat(act("ecs-resizing", "{\"resize\":{\"flavor\":\"x\"}}").code()).isEqualTo("INVALID_SERVER_STATE");
    assertThat(act("ecs-resizing", "{\"delete\":{}}").text("state")).isEqualTo("DELETED");
  }

  @Test
  void malformedActionsAreRefused() {
    assertThat(act("ecs-web-01", "{\"stop\":{},\"start\":{}}").code()).isEqualTo("INVALID_REQUEST");
    assertThat(act("ecs-web-01", "{\"explode\":{}}").msg()).contains("explode");
    assertThat(act("ecs-web-01", "{\"resize\":{\"flavor\":\"a\",\"colour\":\"red\"}}").msg()).contains("colour");
    assertThat(act("ecs-web-01", "not json").status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void aLockedServerRefusesEveryOrdinaryActionNamingTheImage(int i) {
    String before = tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().toString();
    assertThat(lock("ecs-web-01", "img-holder").status()).isEqualTo(200);
    Api.Res r = act("ecs-web-01", ORDINARY.get(i));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("ECS_LOCKED");
    assertThat(r.msg()).isEqualTo("server ecs-web-01 is locked by image img-holder while it is being created");
    assertThat(unlock("ecs-web-01", "img-holder").status()).isEqualTo(200);
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().toString()).isEqualTo(before);
    assertThat(act("ecs-web-01", ORDINARY.get(i)).status()).as(ORDINARY.get(i)).isIn(200, 409);
  }

  @Test
  void lockSemantics() {
    assertThat(lock("ecs-web-01", "img-1").text("lock_holder")).isEqualTo("img-1");
    // same holder again: no-op
    assertThat(lock("ecs-web-01", "img-1").status()).isEqualTo(200);
    // another holder: refused like F2, nothing changes
    Api.Res other = lock("ecs-web-01", "img-2");
    assertThat(other.code()).isEqualTo("ECS_LOCKED");
    assertThat(other.msg()).contains("img-1");
    // unlock by a non-holder: nothing changes
    assertThat(unlock("ecs-web-01", "img-2").code()).isEqualTo("LOCK_NOT_HELD");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").text("lock_holder")).isEqualTo("img-1");
    assertThat(unlock("ecs-web-01", "img-1").body().get("lock_holder").isNull()).isTrue();
    // unlock when unlocked: no-op
    assertThat(unlock("ecs-web-01", "img-1").status()).isEqualTo(200);
    assertThat(lock("ecs-web-01", "img-2").text("lock_holder")).isEqualTo("img-2");
  }

  @Test
  void lockAndUnlockNeedTheServiceTokenAndOrdinaryActionsTheTenantToken() {
    Api.Res byTenant = tenantA.post("/v1/tenant-a/servers/ecs-web-01/action", "{\"lock\":{\"holder\":\"img-1\"}}");
    assertThat(byTenant.status()).isEqualTo(403);
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-web-01").body().get("lock_holder").isNull()).isTrue();
    assertThat(tenantA.post("/v1/tenant-a/servers/ecs-locked/action", "{\"unlock\":{\"holder\":\"img-other-creation\"}}").status())
        .isEqualTo(403);
    assertThat(service.post("/v1/tenant-a/servers/ecs-db-stopped/action", "{\"start\":{}}").code()).isEqualTo("TENANT_TOKEN_REQUIRED");
    assertThat(tenantA.get("/v1/tenant-a/servers/ecs-db-stopped").text("state")).isEqualTo("STOPPED");
  }

  @Test
  void snapshotsAreAllowedWhileLocked() {
    lock("ecs-web-01", "img-1");
    String id = snapshot("ecs-web-01-data1");
    assertThat(awaitSnapshot(id).text("status")).isEqualTo("available");
  }
}
