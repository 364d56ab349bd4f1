package dev.fullecs.emulator.image;

import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.backup.Backups;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.server.ServerLocks;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Region;
import dev.fullecs.emulator.tenant.TenantSettings;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.vault.Vault;
import dev.fullecs.emulator.vault.Vaults;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IMS full-ECS images through their life: created CREATING (from a server locked by the image, or
 * from a backup no live image uses, F17), given their snapshots and backup, NORMAL in the source
 * AZ once every snapshot is available (F6), NORMAL in the whole region once the backup is (F7),
 * ERROR unless already region-wide (F14), and DELETED: the snapshots kept, the backup kept unless
 * asked otherwise, the lock the image holds released (F11a). The note of what was retained stays
 * with the image after it is deleted.
 */
public final class Images {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,128}");
  private static final Pattern TAG_FORBIDDEN = Pattern.compile("[=*<>\\\\,|/\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  private final Vaults vaults;
  private final ServerLocks locks;
  private final Backups backups;
  private final LoadModel load;

  public Images(Vaults vaults, ServerLocks locks, Backups backups, LoadModel load) {
    this.vaults = vaults;
    this.locks = locks;
    this.backups = backups;
    this.load = load;
  }

  /** A new CREATING image of the tenant, as {@code spec} asks; {@code idempotencyKey} is kept with it. */
  public Image create(Tx tx, String tenant, NewImage spec, String idempotencyKey) {
    if (spec.id() == null || !ID.matcher(spec.id()).matches()) {
      throw Refusal.invalid("id is required: 1-128 letters, digits, '.', '_' or '-'");
    }
    if (spec.type() != null && !"FULL_ECS".equals(spec.type())) {
      throw Refusal.unacceptable("UNSUPPORTED_IMAGE_TYPE", "only FULL_ECS images are supported, got " + spec.type());
    }
    if ((spec.sourceServerId() == null) == (spec.sourceBackupId() == null)) {
      throw Refusal.unacceptable("INVALID_IMAGE_SOURCE",
          "exactly one of source_server_id and source_backup_id is required");
    }
    if (tx.get(Image.class, tenant, spec.id()) != null) {
      throw Refusal.conflict("IMAGE_ID_EXISTS", "image " + spec.id() + " already exists");
    }
    checkName(tx, tenant, spec.name());
    TenantSettings settings = tx.store().world().tenant(tenant);
    String project = settings.enterpriseProject(spec.enterpriseProject());
    List<Tag> tags = spec.tags() == null ? List.of() : spec.tags();
    settings.tagPolicy.check(checkTags(tags));

    Image img = new Image();
    img.id = spec.id();
    img.tenant = tenant;
    img.name = spec.name();
    img.status = "CREATING";
    img.enterpriseProject = project;
    img.tags = new ArrayList<>(tags);
    img.description = spec.description();
    img.createdAt = tx.nowIso();
    img.updatedAt = img.createdAt;
    img.idempotencyKey = idempotencyKey;
    img.creationId = spec.creationId();
    if (spec.sourceServerId() != null) {
      fromServer(tx, tenant, spec, img);
    } else {
      fromBackup(tx, tenant, spec, img);
    }
    tx.put(img);
    tx.audit(tenant, img.id, "image " + img.name + " CREATING from "
        + (img.sourceBackupId != null ? "backup " + img.sourceBackupId : "server " + img.sourceServerId));
    return img;
  }

  /**
   * A whole image made by the image service itself from an available backup (Huawei's
   * CreateWholeImage from a CBR backup, F17, F24): created as {@link #create} creates one from a
   * backup, then it moves on the cloud's clock, not by status calls: queued, then its data written
   * ({@link ImageStage#SAVING}), then NORMAL in the whole region.
   */
  public Image createWhole(Tx tx, String tenant, NewImage spec, String idempotencyKey) {
    if (spec.sourceBackupId() == null || spec.sourceServerId() != null) {
      throw Refusal.invalid("a whole image is made from a backup: backup_id is required");
    }
    Image img = create(tx, tenant, spec, idempotencyKey);
    long gib = 0;
    for (String sid : img.snapshotIds) {
      Snapshot s = tx.get(Snapshot.class, tenant, sid);
      gib += s == null ? 0 : s.sizeGib;
    }
    img.savingFromMs = tx.nowMs() + load.wholeImageQueueMillis();
    img.readyAtMs = img.savingFromMs + load.wholeImageMillis(gib);
    tx.put(img);
    tx.audit(tenant, img.id, "whole image of " + gib + " GiB made by the image service: NORMAL in region "
        + img.region + " after " + (img.readyAtMs - tx.nowMs()) + " ms");
    return img;
  }

  /** From a server: an ECS (not a BMS), locked by this very image, backed up into a vault that can hold it. */
  private void fromServer(Tx tx, String tenant, NewImage spec, Image img) {
    Server s = tx.get(Server.class, tenant, spec.sourceServerId());
    if (s == null) {
      throw Refusal.notFound("server", spec.sourceServerId());
    }
    if ("BMS".equals(s.kind)) {
      throw Refusal.unacceptable("BMS_NOT_SUPPORTED",
          "server " + s.id + " is a BMS; full-ECS images do not apply to a BMS");
    }
    locks.requireHeldBy(s, spec.id());
    Vault v = vaults.usableFor(tx, tenant, spec.vaultId(), s);
    img.sourceServerId = s.id;
    img.sourceAz = s.az;
    img.region = s.region;
    img.vaultId = v.id;
  }

  /** From a backup (F17): available, in the vault named (if one is), and used by no live image. */
  private void fromBackup(Tx tx, String tenant, NewImage spec, Image img) {
    Backup bk = tx.get(Backup.class, tenant, spec.sourceBackupId());
    if (bk == null) {
      throw Refusal.notFound("backup", spec.sourceBackupId());
    }
    if (!"available".equals(bk.status(tx.nowMs()))) {
      throw Refusal.conflict("BACKUP_NOT_AVAILABLE", "backup " + bk.id + " is " + bk.status(tx.nowMs()));
    }
    if (spec.vaultId() != null && !spec.vaultId().equals(bk.vaultId)) {
      throw Refusal.unacceptable("VAULT_MISMATCH",
          "backup " + bk.id + " is in vault " + bk.vaultId + ", not " + spec.vaultId());
    }
    requireBackupUnused(tx, tenant, bk.id, spec.id());
    Server s = tx.get(Server.class, tenant, bk.serverId);
    img.sourceBackupId = bk.id;
    img.sourceServerId = bk.serverId;
    img.sourceAz = s == null ? null : s.az;
    img.region = bk.region;
    img.vaultId = bk.vaultId;
    img.backupId = bk.id;
    img.snapshotIds = new ArrayList<>(bk.snapshotIds);
  }

  private static void checkName(Tx tx, String tenant, String name) {
    if (name == null || !NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
      throw Refusal.unacceptable("INVALID_IMAGE_NAME", "the image name must be 1-128 letters, digits, spaces,"
          + " '-', '_' or '.', without leading or trailing space");
    }
    for (Image other : tx.list(Image.class, tenant)) {
      if (!"DELETED".equals(other.status) && name.equals(other.name)) {
        throw Refusal.conflict("IMAGE_NAME_EXISTS", "an image named '" + name + "' already exists (" + other.id + ")");
      }
    }
  }

  /** At most 20 valid tags with distinct keys; returns the keys (for the tenant's tag policy). */
  private static Set<String> checkTags(List<Tag> tags) {
    if (tags.size() > 20) {
      throw Refusal.unacceptable("INVALID_TAGS", "at most 20 tags, got " + tags.size());
    }
    Set<String> keys = new HashSet<>();
    for (Tag t : tags) {
      String v = t.value == null ? "" : t.value;
      if (t.key == null || t.key.isEmpty() || t.key.length() > 36 || v.length() > 43
          || TAG_FORBIDDEN.matcher(t.key).find() || TAG_FORBIDDEN.matcher(v).find()
          || t.key.strip().length() != t.key.length() || v.strip().length() != v.length()) {
        throw Refusal.unacceptable("INVALID_TAGS", "tag '" + shown(t.key) + "' is not valid: key 1-36, value 0-43"
            + " characters, none of = * < > \\ , | / and no control character, no leading or trailing space");
      }
      if (!keys.add(t.key)) {
        throw Refusal.unacceptable("INVALID_TAGS", "tag key '" + shown(t.key) + "' appears twice");
      }
    }
    return keys;
  }

  /** At most 40 characters of a caller's text, control characters as \\uXXXX, for a message. */
  private static String shown(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    text.codePoints().limit(40).forEach(c -> {
      int type = Character.getType(c);
      boolean control = Character.isISOControl(c) || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
      b.append(control ? String.format("\\u%04X", c) : Character.toString(c));
    });
    return text.codePointCount(0, text.length()) > 40 ? b + "..." : b.toString();
  }

  /** F17: a backup makes one full-ECS image; a DELETED or ERROR image does not use it up. */
  private static void requireBackupUnused(Tx tx, String tenant, String backupId, String imageId) {
    for (Image other : tx.list(Image.class, tenant)) {
      if (!other.id.equals(imageId) && backupId.equals(other.backupId)
          && ("CREATING".equals(other.status) || "NORMAL".equals(other.status))) {
        throw Refusal.conflict("BACKUP_ALREADY_USED",
            "backup " + backupId + " already made image " + other.id + "; one backup makes one full-ECS image");
      }
    }
  }

  /**
   * The tenant's own image (not one shared with it), for a change; refuses one it does not have.
   * Every change checks this first; a surface may ask before it reads the change's arguments.
   */
  public Image own(Tx tx, String tenant, String id) {
    Image img = tx.get(Image.class, tenant, id);
    if (img == null) {
      throw Refusal.notFound("image", id);
    }
    return img;
  }

  /** The snapshots the image is made of, one per disk: each must exist. */
  public Image setSnapshots(Tx tx, String tenant, String id, List<String> snapshotIds) {
    Image img = own(tx, tenant, id);
    if (snapshotIds == null) {
      throw Refusal.invalid("snapshot_ids is required");
    }
    for (String sid : snapshotIds) {
      if (tx.get(Snapshot.class, img.tenant, sid) == null) {
        throw Refusal.notFound("snapshot", sid);
      }
    }
    img.snapshotIds = new ArrayList<>(snapshotIds);
    return changed(tx, img, "set_snapshots", "snapshots " + snapshotIds);
  }

  /** The backup the image is made of: it must exist, and (unless the image is over) be used by no other live image (F17). */
  public Image setBackup(Tx tx, String tenant, String id, String backupId) {
    Image img = own(tx, tenant, id);
    if (backupId == null || backupId.isBlank()) {
      throw Refusal.invalid("backup_id is required");
    }
    if (tx.get(Backup.class, img.tenant, backupId) == null) {
      throw Refusal.notFound("backup", backupId);
    }
    if (!"DELETED".equals(img.status) && !"ERROR".equals(img.status)) {
      requireBackupUnused(tx, img.tenant, backupId, img.id);
    }
    img.backupId = backupId;
    return changed(tx, img, "set_backup", "backup " + backupId);
  }

  /** What a stopped creation kept (F11), noted on its image, whatever the image's status. */
  public Image setRetainedNote(Tx tx, String tenant, String id, String note) {
    Image img = own(tx, tenant, id);
    img.retainedNote = note;
    return changed(tx, img, "set_retained", "retained: " + note);
  }

  /**
   * The status the image service reports: {@code NORMAL} with scope {@code AZ} (every snapshot
   * available, F6) or {@code REGION} (the backup available, F7), or {@code ERROR} with a reason
   * (not once NORMAL region-wide, F14). A DELETED image changes no more.
   */
  public Image setStatus(Tx tx, String tenant, String id, String status, String scope, String reason) {
    Image img = own(tx, tenant, id);
    if ("DELETED".equals(img.status)) {
      throw Refusal.conflict("IMAGE_DELETED", "image " + img.id + " is deleted");
    }
    String detail;
    if ("NORMAL".equals(status) && "AZ".equals(scope)) {
      detail = normalInSourceAz(tx, img);
    } else if ("NORMAL".equals(status) && "REGION".equals(scope)) {
      detail = normalInRegion(tx, img);
    } else if ("NORMAL".equals(status)) {
      throw Refusal.invalid("scope must be AZ or REGION");
    } else if ("ERROR".equals(status)) {
      detail = failed(img, reason);
    } else {
      throw Refusal.invalid("status must be NORMAL or ERROR (delete an image with DELETE)");
    }
    return changed(tx, img, "set_status", detail);
  }

  /** F6: usable in its source AZ once the snapshots of all its disks are available. */
  private static String normalInSourceAz(Tx tx, Image img) {
    if (!"CREATING".equals(img.status) && !("NORMAL".equals(img.status) && !img.regionWide())) {
      throw stateConflict(img, "NORMAL in AZ " + img.sourceAz);
    }
    if (img.snapshotIds.isEmpty()) {
      throw Refusal.conflict("SNAPSHOTS_NOT_AVAILABLE", "image " + img.id + " has no snapshots");
    }
    long now = tx.nowMs();
    for (String sid : img.snapshotIds) {
      Snapshot s = tx.get(Snapshot.class, img.tenant, sid);
      if (s == null || !"available".equals(s.status(now))) {
        throw Refusal.conflict("SNAPSHOTS_NOT_AVAILABLE", "snapshot " + sid + " of image " + img.id + " is "
            + (s == null ? "gone" : s.status(now)) + ", not available");
      }
    }
    img.status = "NORMAL";
    img.availableAzs = new ArrayList<>(List.of(img.sourceAz));
    return "NORMAL in AZ " + img.sourceAz;
  }

  /** F7: usable in every AZ of its region once its backup is available. */
  private static String normalInRegion(Tx tx, Image img) {
    if (!"CREATING".equals(img.status) && !"NORMAL".equals(img.status)) {
      throw stateConflict(img, "NORMAL");
    }
    long now = tx.nowMs();
    Backup b = img.backupId == null ? null : tx.get(Backup.class, img.tenant, img.backupId);
    if (b == null || !"available".equals(b.status(now))) {
      throw Refusal.conflict("BACKUP_NOT_AVAILABLE", "the backup of image " + img.id + " is "
          + (b == null ? (img.backupId == null ? "not set" : "gone") : b.status(now)) + ", not available");
    }
    Region region = tx.store().world().region(img.region);
    img.status = "NORMAL";
    img.availableAzs = new ArrayList<>(region == null ? List.of(img.sourceAz) : region.azs);
    return "NORMAL in region " + img.region;
  }

  /** F14: a creation that fails leaves its image in ERROR, with the reason; never one NORMAL region-wide. */
  private static String failed(Image img, String reason) {
    if (img.regionWide()) {
      throw stateConflict(img, "ERROR");
    }
    img.status = "ERROR";
    img.availableAzs = new ArrayList<>();
    img.failureReason = reason == null || reason.isBlank() ? "unspecified" : reason;
    return "ERROR: " + img.failureReason;
  }

  private static Refusal stateConflict(Image img, String wanted) {
    return Refusal.conflict("IMAGE_STATE_CONFLICT",
        "image " + img.id + " is " + describe(img) + "; it cannot become " + wanted);
  }

  private static String describe(Image img) {
    if (!"NORMAL".equals(img.status)) {
      return img.status;
    }
    return img.regionWide() ? "NORMAL in the whole region" : "NORMAL in AZ " + img.sourceAz + " only";
  }

  /**
   * Deletes the tenant's image (again: a no-op). Its snapshots stay; its backup stays unless
   * {@code deleteBackup}, which also frees the backup's space in its vault. A lock the image holds
   * on its source server is released: deleting a CREATING image stops its creation (F11a).
   */
  public Image delete(Tx tx, String tenant, String id, boolean deleteBackup) {
    Image img = own(tx, tenant, id);
    if ("DELETED".equals(img.status)) {
      return img;
    }
    StringBuilder detail = new StringBuilder(img.status + " -> DELETED");
    img.status = "DELETED";
    img.availableAzs = new ArrayList<>();
    img.updatedAt = tx.nowIso();
    if (img.sourceServerId != null) {
      Server s = tx.get(Server.class, img.tenant, img.sourceServerId);
      if (s != null && locks.releaseForDeletedImage(tx, s, img.id)) {
        detail.append(", released the lock on ").append(s.id);
      }
    }
    if (deleteBackup && img.backupId != null) {
      Backup b = tx.get(Backup.class, img.tenant, img.backupId);
      if (b != null) {
        backups.remove(tx, b);
        detail.append(", deleted backup ").append(b.id);
      }
      img.backupId = null;
    }
    tx.put(img);
    tx.audit(img.tenant, img.id, detail.toString());
    return img;
  }

  /**
   * Deletes the tenant's image as Huawei's IMS does: not while it is still being made (queued or
   * saving: the image service refuses, and the creation goes on); otherwise as {@link #delete}.
   */
  public Image deleteUnlessCreating(Tx tx, String tenant, String id, boolean deleteBackup) {
    Image img = own(tx, tenant, id);
    if ("CREATING".equals(settled(tx, img).status)) {
      throw Refusal.conflict("IMAGE_CREATING", "image " + img.id
          + " is still being created; it can be deleted once its creation has ended");
    }
    return delete(tx, tenant, id, deleteBackup);
  }

  /** The image as seen at the write's time (one made on the cloud's clock is NORMAL once ready). */
  private static Image settled(Tx tx, Image img) {
    Region region = tx.store().world().region(img.region);
    return img.settled(tx.nowMs(), region == null ? List.of(img.sourceAz) : region.azs);
  }

  private static Image changed(Tx tx, Image img, String change, String detail) {
    img.updatedAt = tx.nowIso();
    tx.put(img);
    tx.audit(img.tenant, img.id, change + ": " + detail);
    return img;
  }
}
