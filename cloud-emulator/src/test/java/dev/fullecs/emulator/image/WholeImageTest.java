package dev.fullecs.emulator.image;

import static dev.fullecs.emulator.cloud.DomainFixture.BACKUP;
import static dev.fullecs.emulator.cloud.DomainFixture.OWNER;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.SNAPSHOT;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.timing.LoadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole image the image service makes itself from an available backup (F17, F24): it moves on the
 * cloud's clock, queued → saving → NORMAL in the whole region; it is not deleted while being made;
 * copied to another region only into a vault of that region.
 */
class WholeImageTest {
  private static final String WEB = "ecs-web-01";
  private static final Duration QUEUE = Duration.ofMillis(LoadModel.FIXED_WHOLE_IMAGE_QUEUE_MS);

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

  /** A checkpoint of the demo server, its backup available. */
  private Backup availableBackup() {
    Backup b = cloud.write(SERVICE, tx -> cloud.cloud.backups().checkpoint(tx, TENANT, WEB, "vault-backup", "ckpt", null));
    cloud.advance(SNAPSHOT.plus(BACKUP));
    return b;
  }

  private static NewImage whole(String id, String backupId) {
    return new NewImage(id, "whole-" + id, "FULL_ECS", null, backupId, null, null, List.of(), null, null);
  }

  private Image seen(String id) {
    return cloud.cloud.imageCatalog().get(TENANT, id);
  }

  @Test
  void itIsQueuedThenSavedThenNormalInTheWholeRegionOnTheCloudsClock() {
    Backup b = availableBackup();

    Image img = cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-w1", b.id), null));

    assertThat(img.status).isEqualTo("CREATING");
    assertThat(img.backupId).isEqualTo(b.id);
    assertThat(img.snapshotIds).isEqualTo(b.snapshotIds);
    assertThat(seen("img-w1").stage(cloud.store.nowMs())).isEqualTo(ImageStage.QUEUED);
    cloud.advance(QUEUE);
    assertThat(seen("img-w1").stage(cloud.store.nowMs())).isEqualTo(ImageStage.SAVING);
    cloud.advance(BACKUP.dividedBy(2));
    assertThat(seen("img-w1").progress(cloud.store.nowMs())).isEqualTo(50);
    cloud.advance(BACKUP.dividedBy(2));
    Image normal = seen("img-w1");
    assertThat(normal.stage(cloud.store.nowMs())).isEqualTo(ImageStage.ACTIVE);
    assertThat(normal.status).isEqualTo("NORMAL");
    assertThat(normal.availableAzs).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");
    assertThat(normal.progress(cloud.store.nowMs())).isEqualTo(100);
  }

  @Test
  void aBackupMakesOneWholeImageAndOnlyAnAvailableBackupMakesOne() {
    Backup protecting = cloud.write(SERVICE,
        tx -> cloud.cloud.backups().checkpoint(tx, TENANT, "ecs-single-disk", "vault-backup", "ckpt", null));
    assertThat(refusal(() -> cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-p", protecting.id), null)))
        .code()).isEqualTo("BACKUP_NOT_AVAILABLE");
    Backup b = availableBackup();
    cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-w1", b.id), null));

    assertThat(refusal(() -> cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-w2", b.id), null)))
        .code()).isEqualTo("BACKUP_ALREADY_USED");
  }

  @Test
  void itIsNotDeletedWhileBeingMadeAndOnceMadeItIsDeletedKeepingItsBackup() {
    Backup b = availableBackup();
    cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-w1", b.id), null));

    assertThat(refusal(() -> cloud.write(OWNER, tx -> images.deleteUnlessCreating(tx, TENANT, "img-w1", false))).code())
        .isEqualTo("IMAGE_CREATING");
    cloud.advance(QUEUE.plus(BACKUP));
    Image deleted = cloud.write(OWNER, tx -> images.deleteUnlessCreating(tx, TENANT, "img-w1", false));

    assertThat(deleted.status).isEqualTo("DELETED");
    assertThat(deleted.backupId).isEqualTo(b.id);
    assertThat(cloud.store.get(Backup.class, TENANT, b.id)).isNotNull();
  }

  @Test
  void aCopyToAnotherRegionGoesIntoAVaultOfThatRegion() {
    Backup b = availableBackup();
    cloud.write(SERVICE, tx -> images.createWhole(tx, TENANT, whole("img-w1", b.id), null));
    cloud.advance(QUEUE.plus(BACKUP));
    ImageUses uses = cloud.cloud.imageUses();

    assertThat(refusal(() -> cloud.write(OWNER, tx -> uses.replicateInto(tx, TENANT, "img-w1", "cn-east-3", "copy", null, null)))
        .code()).isEqualTo("INVALID_REQUEST");
    assertThat(refusal(() -> cloud.write(OWNER,
        tx -> uses.replicateInto(tx, TENANT, "img-w1", "cn-east-3", "copy", "vault-backup", null))).code())
        .isEqualTo("VAULT_REGION_MISMATCH");
    Image copy = cloud.write(OWNER,
        tx -> uses.replicateInto(tx, TENANT, "img-w1", "cn-east-3", "copy", "vault-other-region", null));

    assertThat(copy.name).isEqualTo("copy");
    assertThat(copy.region).isEqualTo("cn-east-3");
    assertThat(copy.vaultId).isEqualTo("vault-other-region");
    assertThat(copy.replicatedFrom).isEqualTo("cn-north-4/img-w1");
    assertThat(seen(copy.id).stage(cloud.store.nowMs())).isEqualTo(ImageStage.SAVING);
  }
}
