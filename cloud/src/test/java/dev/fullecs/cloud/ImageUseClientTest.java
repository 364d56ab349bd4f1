package dev.fullecs.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's calls for using a full-ECS image (F18-F22), against the in-process emulator and its inventory image {@code img-existing} (NORMAL region-wide). */
class ImageUseClientTest {
  @TempDir Path dir;
  CloudEmulator emulator;
  CloudClient tenantA;
  CloudClient tenantB;

  @BeforeEach
  void start() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().timeScale(0.001).database(dir.resolve("cloud.db")).port(0));
    tenantA = new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-tenant-a");
    tenantB = new HttpCloudClient(URI.create(emulator.baseUrl()), "tok-tenant-b");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Server awaitRunning(CloudClient c, String tenant, String id) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      Server s = c.getServer(tenant, id);
      if (!"BUILDING".equals(s.state())) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(id + " still BUILDING");
  }

  @Test
  void provisionsAServerWithTheImagesDisksIdempotentlyAndDeletesIt() throws Exception { // F18
    Server s = tenantA.createServer("tenant-a", "clone-1", "img-existing", "cn-north-4b", null, "k-1");
    assertThat(s.state()).isEqualTo("BUILDING");
    assertThat(tenantA.createServer("tenant-a", "clone-1", "img-existing", "cn-north-4b", null, "k-1").id()).isEqualTo(s.id());
    Server running = awaitRunning(tenantA, "tenant-a", s.id());
    assertThat(running.state()).isEqualTo("RUNNING");
    assertThat(running.disks()).hasSize(1);
    assertThat(tenantA.deleteServer("tenant-a", s.id(), "k-2").state()).isEqualTo("DELETED");
  }

  @Test
  void refusalsCarryTheCloudsCodeAndReason() { // F20, F21, F22
    CloudException export = catchThrowableOfType(() -> tenantA.exportImage("tenant-a", "img-existing", "k-e"), CloudException.class);
    assertThat(export.errorCode()).isEqualTo("FULL_ECS_IMAGE_EXPORT_NOT_SUPPORTED");
    assertThat(export.retryable()).isFalse();
    assertThat(catchThrowableOfType(() -> tenantA.publishImage("tenant-a", "img-existing", "k-p"), CloudException.class).errorCode())
        .isEqualTo("FULL_ECS_IMAGE_PUBLISH_NOT_SUPPORTED");
    assertThat(catchThrowableOfType(() -> tenantA.replicateImage("tenant-a", "img-existing", "cn-north-4", "k-3"), CloudException.class).errorCode())
        .isEqualTo("FULL_ECS_IMAGE_REPLICATION_IN_REGION");
    assertThat(catchThrowableOfType(() -> tenantB.createServer("tenant-b", "x", "img-existing", "cn-north-4a", null, "k-4"), CloudException.class))
        .isInstanceOf(CloudNotFoundException.class);
    assertThat(catchThrowableOfType(() -> tenantA.deleteBackup("tenant-a", "backup-img-existing", "k-5"), CloudException.class).errorCode())
        .isEqualTo("BACKUP_IN_USE");
  }

  @Test
  void sharesThenTheOtherTenantProvisionsAndReplicatesToAnotherRegion() throws Exception { // F20, F21
    Image shared = tenantA.shareImage("tenant-a", "img-existing", "tenant-b", "k-6");
    assertThat(shared.sharedWith()).containsExactly("tenant-b");
    assertThat(tenantB.getImage("tenant-b", "img-existing").status()).isEqualTo("NORMAL");
    Server b = tenantB.createServer("tenant-b", "b-clone", "img-existing", "cn-north-4a", null, "k-7");
    assertThat(awaitRunning(tenantB, "tenant-b", b.id()).tenant()).isEqualTo("tenant-b");
    Image replica = tenantA.replicateImage("tenant-a", "img-existing", "cn-east-3", "k-8");
    assertThat(replica.status()).isEqualTo("CREATING");
    assertThat(replica.region()).isEqualTo("cn-east-3");
  }

  @Test
  void changeOsKeepsTheDataDisks() { // F19
    int before = tenantA.getServer("tenant-a", "ecs-web-01").disks().size();
    Server after = tenantA.changeOs("tenant-a", "ecs-web-01", "img-existing", "k-9");
    assertThat(after.imageId()).isEqualTo("img-existing");
    assertThat(after.disks()).hasSize(before);
  }
}
