package dev.fullecs.cloud.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.cloud.huaweicloud.HuaweiTenantCloud;
import dev.fullecs.contract.Tag;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant's side of the port on Huawei for the calls mapped last (issue 13): the list of
 * servers (ECS ListServersDetails), a server's backups (CBR ListBackups by resource) and deleting a
 * backup (CBR DeleteBackup), through the unmodified SDK against the emulator's Huawei API with the
 * tenant's own AK/SK.
 */
class HuaweiTenantCloudTest {
  static final String TENANT = "tenant-a";
  static final String AK_TENANT = "EMUTENANTA0000000001";
  static final String SK_TENANT = "emulator-secret-key-of-tenant-a-00000001";
  static final String AK_SERVICE = "EMUIMAGESVC000000001";
  static final String SK_SERVICE = "emulator-secret-key-of-image-svc-0000001";

  @TempDir Path dir;
  CloudEmulator emulator;
  HuaweiTenantCloud tenant;
  ImageCloud worker;

  @BeforeEach
  void start() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(Duration.ofMillis(300), Duration.ofMillis(600)));
    tenant = new HuaweiTenantCloud(settings(AK_TENANT, SK_TENANT), TENANT);
    worker = new HuaweiImageCloud(settings(AK_SERVICE, SK_SERVICE));
  }

  private HuaweiSettings settings(String ak, String sk) {
    return new HuaweiSettings("cn-north-4", List.of("cn-north-4a", "cn-north-4b", "cn-north-4c"),
        Optional.of(emulator.baseUrl()), Map.of(TENANT, new HuaweiSettings.Credential(ak, sk, TENANT)),
        Duration.ofMillis(50), Duration.ofSeconds(5), 3, "s6.large.2");
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void theServersAreTheProjectsWithTheirDisks() {
    List<Server> servers = tenant.servers();

    assertThat(servers).extracting(Server::id).contains("ecs-web-01", "ecs-eight-disks").doesNotContain("ecs-b-01");
    Server web = servers.stream().filter(s -> s.id().equals("ecs-web-01")).findFirst().orElseThrow();
    assertThat(web.disks()).hasSize(3);
    assertThat(web.state()).isEqualTo("RUNNING");
    assertThat(servers).extracting(Server::tenant).containsOnly(TENANT);
  }

  @Test
  void aServersBackupsAreItsCheckpointsAndARetainedOneIsDeletedOnceUnused() throws Exception {
    // a checkpoint of ecs-web-01 made by the worker's side, as F4 makes it
    String imageId = "img-tenant-test";
    worker.lockServer(TENANT, "ecs-web-01", imageId, imageId + "/lock");
    worker.createImageRecord(TENANT, new ImageSpec(imageId, "web-01-full", "ecs-web-01", null, "vault-backup", null,
        List.<Tag>of(), null, null), imageId + "/image");
    Backup made = worker.backupMadeBy(TENANT, imageId, imageId + "/backup").orElseThrow();
    worker.unlockServer(TENANT, "ecs-web-01", imageId, imageId + "/unlock");

    assertThat(tenant.backupsOfServer("ecs-web-01")).extracting(Backup::id).contains(made.id());
    assertThat(tenant.backupsOfServer("ecs-web-01")).allSatisfy(b -> assertThat(b.serverId()).isEqualTo("ecs-web-01"));
    assertThat(tenant.backupsOfServer("ecs-single-disk")).extracting(Backup::id).doesNotContain(made.id());

    Backup done = worker.awaitBackup(TENANT, made.id(), Duration.ofSeconds(20));
    assertThat(done.isAvailable()).isTrue();
    tenant.deleteBackup(made.id(), "k-del");
    tenant.deleteBackup(made.id(), "k-del"); // again: already gone is the answer of a repeat
    assertThat(tenant.backupsOfServer("ecs-web-01")).extracting(Backup::id).doesNotContain(made.id());
    assertThat(catchThrowableOfType(CloudException.class, () -> tenant.backup(made.id())).httpStatus()).isEqualTo(404);
  }
}
