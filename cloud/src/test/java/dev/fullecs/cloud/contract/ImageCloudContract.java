package dev.fullecs.cloud.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fullecs.cloud.Backup;
import dev.fullecs.cloud.CloudException;
import dev.fullecs.cloud.CloudNotFoundException;
import dev.fullecs.cloud.Disk;
import dev.fullecs.cloud.Image;
import dev.fullecs.cloud.ImageCloud;
import dev.fullecs.cloud.ImageSpec;
import dev.fullecs.cloud.ResourceFilter;
import dev.fullecs.cloud.Server;
import dev.fullecs.cloud.Snapshot;
import dev.fullecs.cloud.TaskWait;
import dev.fullecs.cloud.Vault;
import dev.fullecs.contract.Tag;
import dev.fullecs.emulator.CloudEmulator;
import dev.fullecs.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the {@link ImageCloud} port: the workflow's steps in their order, against an
 * in-process emulator, for every implementation (one subclass each: {@code EmulatorImageCloudTest}
 * on the emulator's own API, {@code HuaweiImageCloudTest} through the official SDK on the emulator's
 * Huawei API). Where the clouds differ by design (Huawei has no image before the backup, F6), the
 * subclass says so in {@link #usableInAzBeforeTheBackup()}; everything else must hold for both.
 */
public abstract class ImageCloudContract {
  protected static final String TENANT = "tenant-a";
  protected static final String SERVER = "ecs-web-01";
  protected static final String VAULT = "vault-backup";
  protected static final String REGION = "cn-north-4";
  protected static final List<String> REGION_AZS = List.of("cn-north-4a", "cn-north-4b", "cn-north-4c");

  @TempDir Path dir;
  protected CloudEmulator emulator;
  protected ImageCloud cloud;

  /** The implementation under test, with the image service's credential, at {@code emulator}. */
  protected abstract ImageCloud connect(CloudEmulator emulator);

  /** F6: whether the image is NORMAL in its source AZ once the snapshots exist. */
  protected abstract boolean usableInAzBeforeTheBackup();

  /** The implementation with the image service's identity but a wrong secret ({@link #WRONG_SECRET}). */
  protected abstract ImageCloud connectWithWrongSecret(CloudEmulator emulator);

  /**
   * F11a: whether a deletion before the image exists in the cloud reads back as DELETED. Huawei has
   * no image before its backup: the workflow's own record of the deletion is all there is.
   */
  protected abstract boolean deletionBeforeTheImageIsReadBack();

  protected static final String WRONG_SECRET = "wrong-secret-0123456789";

  @BeforeEach
  void start() {
    emulator = CloudEmulator.start(EmulatorOptions.defaults().database(dir.resolve("cloud.db")).port(0)
        .fixedDurations(Duration.ofMillis(300), Duration.ofMillis(600)));
    cloud = connect(emulator);
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void validationReadsTheServerItsDisksAndTheVault() {
    Server server = cloud.server(TENANT, SERVER);
    assertThat(server.id()).isEqualTo(SERVER);
    assertThat(server.kind()).isEqualTo("ECS");
    assertThat(server.state()).isEqualTo("RUNNING");
    assertThat(server.lockHolder()).isNull();
    assertThat(server.disksSystemFirst()).extracting(Disk::id)
        .containsExactly("ecs-web-01-sys", "ecs-web-01-data1", "ecs-web-01-data2");
    assertThat(server.disksSystemFirst().get(0).isSystem()).isTrue();
    assertThat(server.totalDiskGib()).isEqualTo(240);
    assertThat(REGION_AZS).contains(server.az());

    Vault vault = cloud.vault(TENANT, VAULT);
    assertThat(vault.protectionType()).isEqualTo("backup");
    assertThat(vault.objectType()).isEqualTo("server");
    assertThat(vault.capacityGib()).isEqualTo(10000);

    assertThat(cloud.regions(TENANT)).anySatisfy(r -> {
      assertThat(r.id()).isEqualTo(REGION);
      assertThat(r.azs()).containsAll(REGION_AZS);
    });
    assertThat(catchThrowableOfType(CloudNotFoundException.class, () -> cloud.server(TENANT, "ecs-nope")))
        .isNotNull();
  }

  /** Issue 15's watcher: one wait over every snapshot and the backup of a creation sees each end. */
  @Test
  void oneWaitOverASnapshotOfEachDiskAndTheBackupSeesEveryOneEnd() {
    String imageId = "img-" + UUID.randomUUID();
    String name = "wait-" + imageId.substring(4, 12);
    cloud.lockServer(TENANT, SERVER, imageId, imageId + "/lock");
    cloud.createImageRecord(TENANT, new ImageSpec(imageId, name, SERVER, null, VAULT, null, List.of(),
        "contract", "wf-" + imageId), imageId + "/create-image");
    List<String> handles = new ArrayList<>();
    for (Disk d : cloud.server(TENANT, SERVER).disksSystemFirst()) {
      handles.add(cloud.startSnapshot(new ImageCloud.SnapshotStart(
          TENANT, imageId, SERVER, d.id(), name + "-" + d.id(), imageId + "/snapshot/" + d.id())).id());
    }
    List<String> snapshotsDone = awaitEveryOne(imageId, handles, List.of());
    assertThat(snapshotsDone).containsExactlyInAnyOrderElementsOf(handles);
    Backup backup = cloud.startBackup(new ImageCloud.BackupStart(
        TENANT, imageId, SERVER, VAULT, handles, name + "-backup", imageId + "/backup"));
    assertThat(awaitEveryOne(imageId, List.of(), List.of(backup.id()))).containsExactly(backup.id());
    assertThat(cloud.waitForTasks(TENANT, List.of("snap-nope:disk", "snap-nope"), List.of(), List.of(),
        Duration.ZERO).notFound()).containsExactlyInAnyOrder("snap-nope:disk", "snap-nope");
    cloud.unlockServer(TENANT, SERVER, imageId, imageId + "/unlock");
    assertThat(cloud.waitForTasks(TENANT, List.of("snap-nope:disk", "snap-nope"), List.of(), List.of(),
        Duration.ZERO).notFound()).containsExactlyInAnyOrder("snap-nope:disk", "snap-nope");
  }

  /** The ids of the snapshots and backups seen to end (available) by waits over all of them. */
  private List<String> awaitEveryOne(String imageId, List<String> snapshots, List<String> backups) {
    List<String> snapshotsLeft = new ArrayList<>(snapshots);
    List<String> backupsLeft = new ArrayList<>(backups);
    List<String> ended = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((!snapshotsLeft.isEmpty() || !backupsLeft.isEmpty()) && System.nanoTime() < deadline) {
      TaskWait found = cloud.waitForTasks(TENANT, snapshotsLeft, backupsLeft, List.of(imageId), Duration.ofSeconds(5));
      assertThat(found.notFound()).isEmpty();
      assertThat(found.deletedImages()).isEmpty();
      found.snapshots().forEach(s -> {
        assertThat(s.status()).isEqualTo(Snapshot.AVAILABLE);
        snapshotsLeft.remove(s.id());
        ended.add(s.id());
      });
      found.backups().forEach(b -> {
        assertThat(b.isAvailable()).isTrue();
        backupsLeft.remove(b.id());
        ended.add(b.id());
      });
    }
    return ended;
  }

  @Test
  void aWholeCreationInTheWorkflowsOrderThenACloneAndTheDeleteThatKeepsTheBackup() {
    String imageId = "img-" + UUID.randomUUID();
    String name = "web-01-full-" + imageId.substring(4, 12);
    ImageSpec spec = new ImageSpec(imageId, name, SERVER, null, VAULT, null,
        List.of(new Tag("team", "web")), "contract", "wf-" + imageId);

    // F3
    cloud.lockServer(TENANT, SERVER, imageId, imageId + "/lock");
    cloud.lockServer(TENANT, SERVER, imageId, imageId + "/lock");
    assertThat(cloud.server(TENANT, SERVER).lockHolder()).as("locked").isNotNull();

    // F4, twice with the same key: one record
    Image record = cloud.createImageRecord(TENANT, spec, imageId + "/create-image");
    assertThat(record.id()).isEqualTo(imageId);
    assertThat(record.status()).isEqualTo(Image.CREATING);
    cloud.createImageRecord(TENANT, spec, imageId + "/create-image");
    assertThat(cloud.image(TENANT, imageId).status()).isEqualTo(Image.CREATING);

    // F5: started per disk, then awaited
    List<Disk> disks = cloud.server(TENANT, SERVER).disksSystemFirst();
    List<String> started = new ArrayList<>();
    for (Disk d : disks) {
      Snapshot s = cloud.startSnapshot(new ImageCloud.SnapshotStart(
          TENANT, imageId, SERVER, d.id(), name + "-" + d.id(), imageId + "/snapshot/" + d.id()));
      assertThat(s.diskId()).isEqualTo(d.id());
      Snapshot again = cloud.startSnapshot(new ImageCloud.SnapshotStart(
          TENANT, imageId, SERVER, d.id(), name + "-" + d.id(), imageId + "/snapshot/" + d.id()));
      assertThat(again.id()).as("the same key, the same snapshot").isEqualTo(s.id());
      started.add(s.id());
    }
    List<String> snapshotIds = new ArrayList<>();
    for (int i = 0; i < started.size(); i++) {
      String id = started.get(i);
      Snapshot done = until(() -> cloud.awaitSnapshot(TENANT, id, Duration.ofSeconds(2)),
          s -> !Snapshot.CREATING.equals(s.status()));
      assertThat(done.status()).isEqualTo(Snapshot.AVAILABLE);
      assertThat(done.diskId()).isEqualTo(disks.get(i).id());
      snapshotIds.add(done.id());
    }
    cloud.recordSnapshots(TENANT, imageId, snapshotIds, imageId + "/record-snapshots");

    // F6
    Image inAz = cloud.makeUsableInSourceAz(TENANT, imageId, imageId + "/available-in-az");
    if (usableInAzBeforeTheBackup()) {
      assertThat(inAz.status()).isEqualTo(Image.NORMAL);
      assertThat(inAz.availableAzs()).hasSize(1);
    } else {
      assertThat(inAz.status()).isEqualTo(Image.CREATING);
    }

    // F7
    ImageCloud.BackupStart backupStart = new ImageCloud.BackupStart(
        TENANT, imageId, SERVER, VAULT, snapshotIds, name + "-backup", imageId + "/backup");
    Backup backup = cloud.startBackup(backupStart);
    assertThat(cloud.startBackup(backupStart).id()).as("the same key, the same backup").isEqualTo(backup.id());
    Backup done = until(() -> cloud.awaitBackup(TENANT, backup.id(), Duration.ofSeconds(2)),
        b -> !Backup.PROTECTING.equals(b.status()));
    assertThat(done.isAvailable()).isTrue();
    assertThat(done.serverId()).isEqualTo(SERVER);
    cloud.recordBackup(TENANT, imageId, backup.id(), spec, imageId + "/record-backup");
    cloud.recordBackup(TENANT, imageId, backup.id(), spec, imageId + "/record-backup");
    Image normal = until(() -> {
      try {
        return cloud.makeNormalInRegion(TENANT, imageId, imageId + "/normal-in-region");
      } catch (CloudException e) {
        assertThat(e.retryable()).as("only a retryable wait, got %s", e.getMessage()).isTrue();
        return null;
      }
    }, i -> i != null);
    assertThat(normal.id()).isEqualTo(imageId);
    assertThat(normal.status()).isEqualTo(Image.NORMAL);
    assertThat(normal.availableAzs()).containsAll(REGION_AZS);

    // F3, F8
    cloud.unlockServer(TENANT, SERVER, imageId, imageId + "/unlock");
    assertThat(cloud.server(TENANT, SERVER).lockHolder()).isNull();

    // found by name, and the backup by the key that made it (the cleanup's lookups)
    assertThat(cloud.images(TENANT, ResourceFilter.all().withName(name))).extracting(Image::id)
        .containsExactly(imageId);
    assertThat(cloud.backupMadeBy(TENANT, imageId, imageId + "/backup")).get()
        .extracting(Backup::id).isEqualTo(backup.id());

    // F18: a clone, idempotent by its key
    Server clone = cloud.createServer(TENANT, "web-01-clone", imageId, "cn-north-4b", imageId + "/clone-1");
    assertThat(cloud.createServer(TENANT, "web-01-clone", imageId, "cn-north-4b", imageId + "/clone-1").id())
        .isEqualTo(clone.id());
    Server running = until(() -> cloud.server(TENANT, clone.id()), s -> !"BUILDING".equals(s.state()));
    assertThat(running.state()).isEqualTo("RUNNING");
    assertThat(running.az()).isEqualTo("cn-north-4b");
    // the clone deleted (bench, F18's clean-up); again with the same key: the same answer
    assertThat(cloud.deleteServer(TENANT, clone.id(), imageId + "/clone-1/delete").state()).isEqualTo("DELETED");
    assertThat(cloud.deleteServer(TENANT, clone.id(), imageId + "/clone-1/delete").state()).isEqualTo("DELETED");
    assertThat(cloud.server(TENANT, SERVER).state()).as("only the clone").isEqualTo("RUNNING");

    // F11: deleted, the backup kept
    Image deleted = cloud.deleteImageKeepingBackups(TENANT, imageId, imageId + "/delete");
    assertThat(deleted.status()).isEqualTo(Image.DELETED);
    assertThat(cloud.image(TENANT, imageId).isDeleted()).isTrue();
    assertThat(cloud.deleteImageKeepingBackups(TENANT, imageId, imageId + "/delete").isDeleted()).isTrue();
    assertThat(cloud.backup(TENANT, backup.id()).isAvailable()).as("the backup is kept").isTrue();
  }

  @Test
  void aWrongCredentialIsRefusedAsForbiddenAndTheSecretIsInNoMessage() { // F23
    ImageCloud wrong = connectWithWrongSecret(emulator);
    CloudException e = catchThrowableOfType(CloudException.class, () -> wrong.server(TENANT, SERVER));
    assertThat(e).isInstanceOf(dev.fullecs.cloud.CloudForbiddenException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain(WRONG_SECRET);
    assertThat(wrong.toString()).doesNotContain(WRONG_SECRET);
    assertThat(cloud.toString()).doesNotContain("secret");
  }

  @Test
  void aDeletionWhileTheSnapshotsAreTakenKeepsTheBackupAndTheServerEndsUnlocked() { // F11, F8
    String imageId = "img-" + UUID.randomUUID();
    ImageSpec spec = new ImageSpec(imageId, "cancelled-" + imageId.substring(4, 12), SERVER, null, VAULT, null,
        List.of(), null, "wf-" + imageId);
    cloud.lockServer(TENANT, SERVER, imageId, imageId + "/lock");
    cloud.createImageRecord(TENANT, spec, imageId + "/create-image");
    Disk system = cloud.server(TENANT, SERVER).disksSystemFirst().get(0);
    cloud.startSnapshot(new ImageCloud.SnapshotStart(
        TENANT, imageId, SERVER, system.id(), "s", imageId + "/snapshot/" + system.id()));
    Backup backup = cloud.startBackup(new ImageCloud.BackupStart(
        TENANT, imageId, SERVER, VAULT, List.of(), "b", imageId + "/backup"));

    Image deleted = cloud.deleteImageKeepingBackups(TENANT, imageId, imageId + "/delete");
    cloud.unlockServer(TENANT, SERVER, imageId, imageId + "/unlock");

    assertThat(deleted.status()).isEqualTo(Image.DELETED);
    if (deletionBeforeTheImageIsReadBack()) {
      assertThat(cloud.image(TENANT, imageId).isDeleted()).isTrue();
    }
    assertThat(cloud.backupMadeBy(TENANT, imageId, imageId + "/backup")).get()
        .extracting(Backup::id).isEqualTo(backup.id());
    assertThat(cloud.snapshotMadeBy(TENANT, imageId, imageId + "/snapshot/" + system.id())).get()
        .extracting(Snapshot::diskId).isEqualTo(system.id());
    assertThat(cloud.snapshotMadeBy(TENANT, imageId, imageId + "/snapshot/no-such-disk")).isEmpty();
    Backup kept = until(() -> cloud.awaitBackup(TENANT, backup.id(), Duration.ofSeconds(2)),
        b -> !Backup.PROTECTING.equals(b.status()));
    assertThat(kept.isAvailable()).as("the backup is kept").isTrue();
    assertThat(cloud.server(TENANT, SERVER).lockHolder()).isNull();
  }

  /** Reads until {@code done}, at most 30 s. */
  protected static <T> T until(Supplier<T> read, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      T now = read.get();
      if (done.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still waiting; last read " + now);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
