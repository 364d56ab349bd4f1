package dev.fullecs.emulator.backup;

import static dev.fullecs.emulator.cloud.DomainFixture.BACKUP;
import static dev.fullecs.emulator.cloud.DomainFixture.OWNER;
import static dev.fullecs.emulator.cloud.DomainFixture.SERVICE;
import static dev.fullecs.emulator.cloud.DomainFixture.SNAPSHOT;
import static dev.fullecs.emulator.cloud.DomainFixture.TENANT;
import static dev.fullecs.emulator.cloud.DomainFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.cloud.DomainFixture;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.vault.Vault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F24: a CBR checkpoint takes the disks' snapshots and the backup itself; its restore mode goes
 * na → snapshot (the snapshots exist) → backup, its status protecting → available.
 */
class CheckpointTest {
  private static final String WEB = "ecs-web-01";

  @TempDir Path dir;
  DomainFixture cloud;
  Backups backups;

  @BeforeEach
  void up() {
    cloud = new DomainFixture(dir);
    backups = cloud.cloud.backups();
  }

  @AfterEach
  void down() {
    cloud.close();
  }

  private Backup checkpoint(String serverId, String vaultId) {
    return cloud.write(SERVICE, tx -> backups.checkpoint(tx, TENANT, serverId, vaultId, "ckpt-" + serverId, null));
  }

  private Backup now(Backup b) {
    return cloud.store.get(Backup.class, TENANT, b.id);
  }

  @Test
  void aCheckpointSnapshotsEveryDiskThenBacksUpTheServerFromThem() {
    Backup b = checkpoint(WEB, "vault-backup");
    long t0 = cloud.store.nowMs();

    assertThat(b.checkpointId).startsWith("checkpoint-");
    assertThat(b.snapshotIds).hasSize(3);
    for (String sid : b.snapshotIds) {
      Snapshot s = cloud.store.get(Snapshot.class, TENANT, sid);
      assertThat(s.serverId).isEqualTo(WEB);
      assertThat(s.status(t0)).isEqualTo("creating");
    }
    assertThat(b.status(t0)).isEqualTo("protecting");
    assertThat(backups.restoreMode(b, t0)).isEqualTo(RestoreMode.NONE);
    assertThat(b.incremental).isFalse();
    assertThat(b.sizeGib).isEqualTo(240);
    assertThat(cloud.store.get(Vault.class, TENANT, "vault-backup").usedGib).isEqualTo(240);

    cloud.advance(SNAPSHOT);
    long t1 = cloud.store.nowMs();
    assertThat(backups.restoreMode(now(b), t1)).as("the snapshots exist").isEqualTo(RestoreMode.SNAPSHOT);
    assertThat(now(b).status(t1)).isEqualTo("protecting");

    cloud.advance(BACKUP.minusMillis(1));
    assertThat(now(b).status(cloud.store.nowMs())).isEqualTo("protecting");
    cloud.advance(Duration.ofMillis(1));
    long t2 = cloud.store.nowMs();
    assertThat(now(b).status(t2)).isEqualTo("available");
    assertThat(backups.restoreMode(now(b), t2)).isEqualTo(RestoreMode.BACKUP);
    assertThat(backups.ofCheckpoint(TENANT, b.checkpointId).id).isEqualTo(b.id);
  }

  @Test
  void aSecondCheckpointOfTheServerIntoTheVaultIsIncremental() {
    checkpoint(WEB, "vault-backup");

    Backup second = checkpoint(WEB, "vault-backup");

    assertThat(second.incremental).isTrue();
    assertThat(second.sizeGib).isEqualTo(24);
  }

  @Test
  void aLockedServerIsBackedUpLikeAnyOther() {
    cloud.write(SERVICE, tx -> cloud.cloud.servers().lockWithoutHolder(tx, SERVICE, TENANT, WEB));

    assertThat(checkpoint(WEB, "vault-backup").snapshotIds).hasSize(3);
  }

  @Test
  void whatASnapshotOrABackupRefusesTheCheckpointRefusesAndNothingIsTaken() {
    assertThat(refusal(() -> checkpoint("ecs-dss", "vault-backup")).code()).isEqualTo("DSS_SNAPSHOT_UNSUPPORTED");
    assertThat(refusal(() -> checkpoint(WEB, "vault-full")).code()).isEqualTo("VAULT_CAPACITY_EXCEEDED");
    assertThat(refusal(() -> checkpoint(WEB, "vault-replication")).code()).isEqualTo("VAULT_NOT_BACKUP_TYPE");
    assertThat(refusal(() -> checkpoint("no-such-server", "vault-backup")).code()).isEqualTo("SERVER_NOT_FOUND");
    assertThat(refusal(() -> backups.ofCheckpoint(TENANT, "checkpoint-x")).code()).isEqualTo("CHECKPOINT_NOT_FOUND");
    assertThat(cloud.store.list(Snapshot.class, TENANT)).extracting(s -> s.serverId).doesNotContain("ecs-dss", WEB);
  }

  @Test
  void aProtectingBackupOfACheckpointIsNotDeleted() {
    Backup b = checkpoint(WEB, "vault-backup");

    assertThat(refusal(() -> cloud.write(OWNER, tx -> cloud.cloud.retained().deleteBackup(tx, TENANT, b.id))).code())
        .isEqualTo("BACKUP_PROTECTING");
  }
}
