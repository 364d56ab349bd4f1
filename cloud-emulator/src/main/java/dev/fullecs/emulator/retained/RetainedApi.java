package dev.fullecs.emulator.retained;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Tx;
import java.util.Map;

/**
 * Deleting what a cancelled or failed creation retained (F11, F17): a snapshot or a backup, each
 * refused while it is still being made, and while an image that is CREATING or NORMAL lists it or
 * is the image it is made for (F11: nothing a live creation makes or uses is retained).
 */
public final class RetainedApi {
  private final Cloud cloud;

  private RetainedApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    RetainedApi api = new RetainedApi(cloud);
    router.write("DELETE", "/v1/{tenant}/snapshots/{id}", "delete_snapshot", Access.TENANT_OR_SERVICE, false,
            api::deleteSnapshot)
        .write("DELETE", "/v1/{tenant}/backups/{id}", "delete_backup", Access.TENANT_OR_SERVICE, false,
            api::deleteBackup);
  }

  /** The live image (CREATING or NORMAL) that lists {@code resourceId} or that it is made for, if any. */
  private static Image liveUser(Tx tx, String tenant, String resourceId, String madeFor, boolean isBackup) {
    for (Image i : tx.list(Image.class, tenant)) {
      boolean uses = isBackup ? resourceId.equals(i.backupId) : i.snapshotIds.contains(resourceId);
      if (i.live() && (uses || i.id.equals(madeFor))) {
        return i;
      }
    }
    return null;
  }

  private Reply deleteSnapshot(Call call, Tx tx) {
    Snapshot s = tx.get(Snapshot.class, call.tenant(), call.param("id"));
    if (s == null) {
      throw ApiException.notFound("snapshot", call.param("id"));
    }
    if (s.running(tx.nowMs())) {
      throw new ApiException(409, "SNAPSHOT_CREATING", "snapshot " + s.id
          + " is still being created; delete it once it is available or in error");
    }
    Image user = liveUser(tx, call.tenant(), s.id, s.imageId, false);
    if (user != null) {
      throw new ApiException(409, "SNAPSHOT_IN_USE", "snapshot " + s.id + " is used by image " + user.id
          + " (" + user.status + "); delete the image first");
    }
    tx.delete(s);
    tx.audit(s.tenant, s.id, "snapshot deleted");
    return Reply.ok(Map.of("deleted", s.id));
  }

  private Reply deleteBackup(Call call, Tx tx) {
    Backup b = tx.get(Backup.class, call.tenant(), call.param("id"));
    if (b == null) {
      throw ApiException.notFound("backup", call.param("id"));
    }
    if (b.running(tx.nowMs())) {
      throw new ApiException(409, "BACKUP_PROTECTING", "backup " + b.id
          + " is still being made; delete it once it is available or in error");
    }
    Image user = liveUser(tx, call.tenant(), b.id, b.imageId, true);
    if (user != null) {
      throw new ApiException(409, "BACKUP_IN_USE", "backup " + b.id + " is used by image " + user.id
          + " (" + user.status + "); delete the image first, or delete it with delete_backup=true");
    }
    cloud.vaults().release(tx, b.tenant, b.vaultId, b.sizeGib);
    tx.delete(b);
    tx.audit(b.tenant, b.id, "backup deleted");
    return Reply.ok(Map.of("deleted", b.id));
  }
}
