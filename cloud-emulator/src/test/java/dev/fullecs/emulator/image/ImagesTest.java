package dev.fullecs.emulator.image;

import static dev.fullecs.emulator.cloud.DomainFixture.BACKUP;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.SNAPSHOT;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.refusal.RefusalKind;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.vault.Vault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image's status transitions and its deletion, on the images' rules alone (F6, F7, F11a, F14, F17). */
class ImagesTest {
  private static final String WEB = "ecs-web-01";

  @TempDir Path dir;
  DomainFixture cloud;
  Images images;

  @BeforeEach
  void up() {
    cloud = new DomainFixture(dir);
    images = cloud.cloud.images();
  }

  @AfterEach
  void down() {
    cloud.close();
  }

  private static NewImage fromServer(String id, String serverId) {
    return new NewImage(id, id, "FULL_ECS", serverId, null, "vault-backup", null, List.of(), null, null);
  }

  /** The server locked by {@code id}, and the image CREATING. */
  private Image creating(String id, String serverId) {
    cloud.write(SERVICE, tx -> cloud.cloud.servers().lock(tx, SERVICE, TENANT, serverId, id));
    return cloud.write(SERVICE, tx -> images.create(tx, TENANT, fromServer(id, serverId), "key-" + id));
  }

  private List<String> snapshotsOf(String imageId, String serverId) {
    Server s = cloud.cloud.servers().get(TENANT, serverId);
    List<String> ids = s.disks.stream().map(d -> cloud.write(SERVICE,
        tx -> cloud.cloud.snapshots().create(tx, TENANT, d.id, null, imageId, null)).id).toList();
    cloud.write(SERVICE, tx -> images.setSnapshots(tx, TENANT, imageId, ids));
    return ids;
  }

  private Backup backupOf(String imageId, String serverId, List<String> snapshotIds) {
    Backup b = cloud.write(SERVICE, tx -> cloud.cloud.backups().create(
        tx, TENANT, serverId, "vault-backup", snapshotIds, null, imageId, null));
    cloud.write(SERVICE, tx -> images.setBackup(tx, TENANT, imageId, b.id));
    return b;
  }

  private Image setStatus(String id, String status, String scope) {
    return cloud.write(SERVICE, tx -> images.setStatus(tx, TENANT, id, status, scope, "a reason"));
  }

  private Image image(String id) {
    return cloud.cloud.imageCatalog().get(TENANT, id);
  }

  @Test
  void anImageOfAServerIsCreatedOnlyOnceThatImageHoldsTheServersLock() {
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> images.create(tx, TENANT, fromServer("img-1", WEB), null)))
        .code()).isEqualTo("ECS_NOT_LOCKED");
    cloud.write(SERVICE, tx -> cloud.cloud.servers().lock(tx, SERVICE, TENANT, WEB, "img-other"));

    Refusal r = refusal(() -> cloud.write(SERVICE, tx -> images.create(tx, TENANT, fromServer("img-1", WEB), null)));

    assertThat(r.code()).isEqualTo("ECS_LOCKED");
    assertThat(r.getMessage()).contains("img-other");
    assertThat(cloud.cloud.imageCatalog().visible(TENANT, "img-1")).isNull();
  }

  @Test
  void normalInTheSourceAzOnlyOnceEverySnapshotIsAvailable() { // F6
    Image created = creating("img-1", WEB);
    assertThat(created.status).isEqualTo("CREATING");
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "AZ")).code()).isEqualTo("SNAPSHOTS_NOT_AVAILABLE");
    snapshotsOf("img-1", WEB);
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "AZ")).code()).isEqualTo("SNAPSHOTS_NOT_AVAILABLE");

    cloud.advance(SNAPSHOT);
    Image az = setStatus("img-1", "NORMAL", "AZ");

    assertThat(az.status).isEqualTo("NORMAL");
    assertThat(az.availableAzs).containsExactly("cn-north-4a");
    assertThat(az.regionWide()).isFalse();
  }

  @Test
  void normalInTheWholeRegionOnceTheBackupIsAvailableAndNeverErrorAfter() { // F7, F14
    creating("img-1", WEB);
    List<String> snaps = snapshotsOf("img-1", WEB);
    cloud.advance(SNAPSHOT);
    setStatus("img-1", "NORMAL", "AZ");
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "REGION")).getMessage()).contains("not set");
    backupOf("img-1", WEB, snaps);
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "REGION")).code()).isEqualTo("BACKUP_NOT_AVAILABLE");

    cloud.advance(BACKUP);
    Image region = setStatus("img-1", "NORMAL", "REGION");

    assertThat(region.availableAzs).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");
    Refusal error = refusal(() -> setStatus("img-1", "ERROR", null));
    assertThat(error.code()).isEqualTo("IMAGE_STATE_CONFLICT");
    assertThat(error.getMessage()).isEqualTo("image img-1 is NORMAL in the whole region; it cannot become ERROR");
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "AZ")).code()).isEqualTo("IMAGE_STATE_CONFLICT");
    assertThat(image("img-1").status).isEqualTo("NORMAL");
  }

  @Test
  void anErrorImageDoesNotBecomeNormalAndADeletedOneChangesNoMoreButKeepsItsNote() { // F14, F11
    creating("img-1", WEB);
    Image failed = setStatus("img-1", "ERROR", null);
    assertThat(failed.failureReason).isEqualTo("a reason");
    assertThat(refusal(() -> setStatus("img-1", "NORMAL", "REGION")).code()).isEqualTo("IMAGE_STATE_CONFLICT");
    Refusal unknown = refusal(() -> setStatus("img-1", "CREATING", null));
    assertThat(unknown.kind()).isEqualTo(RefusalKind.INVALID);

    cloud.write(SERVICE, tx -> images.delete(tx, TENANT, "img-1", false));

    assertThat(refusal(() -> setStatus("img-1", "ERROR", null)).code()).isEqualTo("IMAGE_DELETED");
    Image noted = cloud.write(SERVICE, tx -> images.setRetainedNote(tx, TENANT, "img-1", "kept 3 snapshots"));
    assertThat(noted.status).isEqualTo("DELETED");
    assertThat(noted.retainedNote).isEqualTo("kept 3 snapshots");
  }

  @Test
  void deletingACreatingImageReleasesItsLockAndKeepsItsSnapshotsAndBackup() { // F11a
    creating("img-1", WEB);
    List<String> snaps = snapshotsOf("img-1", WEB);
    cloud.advance(SNAPSHOT);
    Backup b = backupOf("img-1", WEB, snaps);

    Image deleted = cloud.write(SERVICE, tx -> images.delete(tx, TENANT, "img-1", false));

    assertThat(deleted.status).isEqualTo("DELETED");
    assertThat(deleted.backupId).isEqualTo(b.id);
    assertThat(cloud.cloud.servers().get(TENANT, WEB).lockHolder).isNull();
    assertThat(cloud.store.get(Backup.class, TENANT, b.id)).isNotNull();
    snaps.forEach(s -> assertThat(cloud.store.get(Snapshot.class, TENANT, s)).isNotNull());
    assertThat(cloud.store.audit(0, 1000)).anyMatch(e -> "unlocked: image img-1 deleted during creation".equals(e.detail));
  }

  @Test
  void deletingWithTheBackupRemovesItAndGivesItsSpaceBackToTheVault() {
    long usedBefore = cloud.store.get(Vault.class, TENANT, "vault-backup").usedGib;
    creating("img-1", WEB);
    List<String> snaps = snapshotsOf("img-1", WEB);
    cloud.advance(SNAPSHOT);
    Backup b = backupOf("img-1", WEB, snaps);
    assertThat(cloud.store.get(Vault.class, TENANT, "vault-backup").usedGib).isEqualTo(usedBefore + b.sizeGib);

    Image deleted = cloud.write(SERVICE, tx -> images.delete(tx, TENANT, "img-1", true));

    assertThat(deleted.backupId).isNull();
    assertThat(cloud.store.get(Backup.class, TENANT, b.id)).isNull();
    assertThat(cloud.store.get(Vault.class, TENANT, "vault-backup").usedGib).isEqualTo(usedBefore);
  }

  @Test
  void aBackupMakesOneLiveImageAndAnImageThatIsOverDoesNotUseItUp() { // F17
    NewImage fromBackup = new NewImage("img-b1", "from backup", null, null, "backup-existing", null, null, null, null,
        "creation-1");
    Image first = cloud.write(SERVICE, tx -> images.create(tx, TENANT, fromBackup, null));
    assertThat(first.backupId).isEqualTo("backup-existing");
    assertThat(first.creationId).isEqualTo("creation-1");
    NewImage again = new NewImage("img-b2", "again", null, null, "backup-existing", null, null, null, null, null);
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> images.create(tx, TENANT, again, null))).code())
        .isEqualTo("BACKUP_ALREADY_USED");

    cloud.write(SERVICE, tx -> images.setStatus(tx, TENANT, "img-b1", "ERROR", null, "failed"));

    assertThat(cloud.write(SERVICE, tx -> images.create(tx, TENANT, again, null)).status).isEqualTo("CREATING");
  }
}
