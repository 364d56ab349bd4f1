package dev.fullecs.emulator.retained;

import static dev.fullecs.emulator.cloud.DomainFixture.BACKUP;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.SNAPSHOT;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.NewImage;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F11: what a live creation makes or uses is in use, not retained; what a creation that is over made is. */
class RetainedInUseTest {
  private static final String SERVER = "ecs-single-disk";
  private static final String DISK = "ecs-single-disk-sys";

  @TempDir Path dir;
  DomainFixture cloud;
  Retained retained;

  @BeforeEach
  void up() {
    cloud = new DomainFixture(dir);
    retained = cloud.cloud.retained();
  }

  @AfterEach
  void down() {
    cloud.close();
  }

  private void creating(String imageId) {
    cloud.write(SERVICE, tx -> cloud.cloud.servers().lock(tx, SERVICE, TENANT, SERVER, imageId));
    NewImage spec = new NewImage(imageId, imageId, null, SERVER, null, "vault-backup", null, null, null, null);
    cloud.write(SERVICE, tx -> cloud.cloud.images().create(tx, TENANT, spec, null));
  }

  private Snapshot snapshotFor(String imageId) {
    return cloud.write(SERVICE, tx -> cloud.cloud.snapshots().create(tx, TENANT, DISK, null, imageId, null));
  }

  private Backup backupFor(String imageId, String snapshotId) {
    return cloud.write(SERVICE, tx -> cloud.cloud.backups().create(
        tx, TENANT, SERVER, "vault-backup", List.of(snapshotId), null, imageId, null));
  }

  private String deleteSnapshot(String id) {
    return cloud.write(SERVICE, tx -> retained.deleteSnapshot(tx, TENANT, id));
  }

  private String deleteBackup(String id) {
    return cloud.write(SERVICE, tx -> retained.deleteBackup(tx, TENANT, id));
  }

  private Image snapshotUser(Snapshot s) {
    return cloud.write(SERVICE, tx -> retained.snapshotUser(tx, s));
  }

  private Image backupUser(Backup b) {
    return cloud.write(SERVICE, tx -> retained.backupUser(tx, b));
  }

  private Refusal deleteSnapshotRefused(String id) {
    return refusal(() -> cloud.write(SERVICE, tx -> retained.deleteSnapshot(tx, TENANT, id)));
  }

  private Refusal deleteBackupRefused(String id) {
    return refusal(() -> cloud.write(SERVICE, tx -> retained.deleteBackup(tx, TENANT, id)));
  }

  @Test
  void whatIsStillBeingMadeIsNotRetained() {
    Snapshot s = snapshotFor(null);
    assertThat(deleteSnapshotRefused(s.id).code()).isEqualTo("SNAPSHOT_CREATING");
    cloud.advance(SNAPSHOT);
    Backup b = backupFor(null, s.id);
    assertThat(deleteBackupRefused(b.id).code()).isEqualTo("BACKUP_PROTECTING");

    cloud.advance(BACKUP);

    assertThat(deleteBackup(b.id)).isEqualTo(b.id);
    assertThat(deleteSnapshot(s.id)).isEqualTo(s.id);
  }

  @Test
  void whatALiveCreationMakesIsInUseBeforeItsImageListsIt() {
    creating("img-live");
    Snapshot s = snapshotFor("img-live");
    cloud.advance(SNAPSHOT);
    Backup b = backupFor("img-live", s.id);
    cloud.advance(BACKUP);

    Refusal snapshot = deleteSnapshotRefused(s.id);
    Refusal backup = deleteBackupRefused(b.id);

    assertThat(snapshot.code()).isEqualTo("SNAPSHOT_IN_USE");
    assertThat(snapshot.getMessage()).contains("image img-live (CREATING)");
    assertThat(backup.code()).isEqualTo("BACKUP_IN_USE");
    assertThat(cloud.store.get(Snapshot.class, TENANT, s.id)).isNotNull();
    assertThat(cloud.store.get(Backup.class, TENANT, b.id)).isNotNull();
  }

  @Test
  void whatALiveImageListsIsInUseWhateverItWasMadeFor() {
    creating("img-live");
    Snapshot s = snapshotFor(null);
    cloud.write(SERVICE, tx -> cloud.cloud.images().setSnapshots(tx, TENANT, "img-live", List.of(s.id)));
    cloud.advance(SNAPSHOT);

    assertThat(deleteSnapshotRefused(s.id).code()).isEqualTo("SNAPSHOT_IN_USE");
    assertThat(snapshotUser(s).id).isEqualTo("img-live");
  }

  @Test
  void onceTheCreationIsOverWhatItMadeIsRetained() {
    creating("img-failed");
    Snapshot s = snapshotFor("img-failed");
    cloud.advance(SNAPSHOT);
    Backup b = backupFor("img-failed", s.id);
    cloud.advance(BACKUP);

    cloud.write(SERVICE, tx -> cloud.cloud.images().setStatus(tx, TENANT, "img-failed", "ERROR", null, "backup failed"));

    assertThat(snapshotUser(s)).isNull();
    assertThat(backupUser(b)).isNull();
    assertThat(deleteBackup(b.id)).isEqualTo(b.id);
    assertThat(deleteSnapshot(s.id)).isEqualTo(s.id);
  }
}
