package dev.fullecs.emulator.retained;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.backup.Backups;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.snapshot.Snapshots;
import dev.fullecs.emulator.store.Tx;
import java.util.function.Predicate;

/**
 * What a cancelled or failed creation retained, and deleting it (F11, F17): a snapshot or a
 * backup, each refused while it is still being made, and while it is in use: while an image that
 * is CREATING or NORMAL lists it or is the image it is made for (F11: nothing a live creation
 * makes or uses is retained).
 */
public final class Retained {
  private final Snapshots snapshots;
  private final Backups backups;

  public Retained(Snapshots snapshots, Backups backups) {
    this.snapshots = snapshots;
    this.backups = backups;
  }

  /** The live image (CREATING or NORMAL) that lists the snapshot or that it is made for, or null: then it is retained. */
  public Image snapshotUser(Tx tx, Snapshot s) {
    return liveUser(tx, s.tenant, s.imageId, i -> i.snapshotIds.contains(s.id));
  }

  /** The live image (CREATING or NORMAL) whose backup it is or that it is made for, or null: then it is retained. */
  public Image backupUser(Tx tx, Backup b) {
    return liveUser(tx, b.tenant, b.imageId, i -> b.id.equals(i.backupId));
  }

  private static Image liveUser(Tx tx, String tenant, String madeFor, Predicate<Image> uses) {
    for (Image i : tx.list(Image.class, tenant)) {
      if (i.live() && (uses.test(i) || i.id.equals(madeFor))) {
        return i;
      }
    }
    return null;
  }

  /** Deletes a retained snapshot; returns its id. */
  public String deleteSnapshot(Tx tx, String tenant, String id) {
    Snapshot s = snapshots.deletable(tx, tenant, id);
    Image user = snapshotUser(tx, s);
    if (user != null) {
      throw Refusal.conflict("SNAPSHOT_IN_USE", "snapshot " + s.id + " is used by image " + user.id
          + " (" + user.status + "); delete the image first");
    }
    snapshots.delete(tx, s);
    return s.id;
  }

  /** Deletes a retained backup, giving its space back to its vault; returns its id. */
  public String deleteBackup(Tx tx, String tenant, String id) {
    Backup b = backups.deletable(tx, tenant, id);
    Image user = backupUser(tx, b);
    if (user != null) {
      throw Refusal.conflict("BACKUP_IN_USE", "backup " + b.id + " is used by image " + user.id
          + " (" + user.status + "); delete the image first, or delete it with delete_backup=true");
    }
    backups.remove(tx, b);
    tx.audit(b.tenant, b.id, "backup deleted");
    return b.id;
  }
}
