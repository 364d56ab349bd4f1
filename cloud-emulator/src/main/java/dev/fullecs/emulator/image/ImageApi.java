package dev.fullecs.emulator.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.backup.Backup;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Region;
import dev.fullecs.emulator.tenant.TenantSettings;
import dev.fullecs.emulator.vault.Vault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IMS full-ECS images: create (service token), status changes the cloud checks against the real
 * state of snapshots and backup, delete (releases the lock of an image in creation, F11a).
 */
public final class ImageApi {
  public static final List<String> ACTIONS = List.of("set_snapshots", "set_backup", "set_status", "set_retained");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,128}");
  private static final Pattern TAG_FORBIDDEN = Pattern.compile("[=*<>\\\\,|/\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  private final Cloud cloud;

  private ImageApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    ImageApi api = new ImageApi(cloud);
    router.write("POST", "/v1/{tenant}/images", "create_image", Access.SERVICE, true, api::create)
        .get("/v1/{tenant}/images", "list_images", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/images/{id}", "get_image", Access.TENANT_OR_SERVICE, api::get)
        .write("POST", "/v1/{tenant}/images/{id}/action", "image_action", Access.SERVICE, false, api::action)
        .write("DELETE", "/v1/{tenant}/images/{id}", "delete_image", Access.TENANT_OR_SERVICE, false, api::delete);
  }

  /** Body of {@code POST /images}. */
  public static class CreateBody {
    public String id;
    public String name;
    public String type;
    public String sourceServerId;
    public String sourceBackupId;
    public String vaultId;
    public String enterpriseProject;
    public List<Tag> tags = new ArrayList<>();
    public String description;
    /** Optional: the workflow id of the creation that makes it (F16). */
    public String creationId;
  }

  /** {@code set_snapshots}. */
  public static class SetSnapshots {
    public List<String> snapshotIds;
  }

  /** {@code set_backup}. */
  public static class SetBackup {
    public String backupId;
  }

  /** {@code set_status}. */
  public static class SetStatus {
    public String status;
    public String scope;
    public String reason;
  }

  /** {@code set_retained}. */
  public static class SetRetained {
    public String note;
  }

  private Reply create(Call call, Tx tx) {
    CreateBody b = call.body(CreateBody.class);
    String tenant = call.tenant();
    if (b.id == null || !ID.matcher(b.id).matches()) {
      throw ApiException.invalid("id is required: 1-128 letters, digits, '.', '_' or '-'");
    }
    if (b.type != null && !"FULL_ECS".equals(b.type)) {
      throw new ApiException(422, "UNSUPPORTED_IMAGE_TYPE", "only FULL_ECS images are supported, got " + b.type);
    }
    if ((b.sourceServerId == null) == (b.sourceBackupId == null)) {
      throw new ApiException(422, "INVALID_IMAGE_SOURCE",
          "exactly one of source_server_id and source_backup_id is required");
    }
    if (tx.get(Image.class, tenant, b.id) != null) {
      throw new ApiException(409, "IMAGE_ID_EXISTS", "image " + b.id + " already exists");
    }
    checkName(tx, tenant, b.name);
    TenantSettings settings = tx.store().world().tenant(tenant);
    String project = settings.enterpriseProject(b.enterpriseProject);
    List<Tag> tags = b.tags == null ? List.of() : b.tags;
    settings.tagPolicy.check(checkTags(tags));

    Image img = new Image();
    img.id = b.id;
    img.tenant = tenant;
    img.name = b.name;
    img.status = "CREATING";
    img.enterpriseProject = project;
    img.tags = new ArrayList<>(tags);
    img.description = b.description;
    img.createdAt = tx.nowIso();
    img.updatedAt = img.createdAt;
    img.idempotencyKey = call.idempotencyKey();
    img.creationId = b.creationId;
    if (b.sourceServerId != null) {
      Server s = tx.get(Server.class, tenant, b.sourceServerId);
      if (s == null) {
        throw ApiException.notFound("server", b.sourceServerId);
      }
      if ("BMS".equals(s.kind)) {
        throw new ApiException(422, "BMS_NOT_SUPPORTED", "server " + s.id + " is a BMS; full-ECS images do not apply to a BMS");
      }
      cloud.servers().locks().requireHeldBy(s, b.id);
      Vault v = cloud.vaults().usableFor(tx, tenant, b.vaultId, s);
      img.sourceServerId = s.id;
      img.sourceAz = s.az;
      img.region = s.region;
      img.vaultId = v.id;
    } else {
      Backup bk = tx.get(Backup.class, tenant, b.sourceBackupId);
      if (bk == null) {
        throw ApiException.notFound("backup", b.sourceBackupId);
      }
      if (!"available".equals(bk.status(tx.nowMs()))) {
        throw new ApiException(409, "BACKUP_NOT_AVAILABLE", "backup " + bk.id + " is " + bk.status(tx.nowMs()));
      }
      if (b.vaultId != null && !b.vaultId.equals(bk.vaultId)) {
        throw new ApiException(422, "VAULT_MISMATCH", "backup " + bk.id + " is in vault " + bk.vaultId + ", not " + b.vaultId);
      }
      requireBackupUnused(tx, tenant, bk.id, b.id);
      Server s = tx.get(Server.class, tenant, bk.serverId);
      img.sourceBackupId = bk.id;
      img.sourceServerId = bk.serverId;
      img.sourceAz = s == null ? null : s.az;
      img.region = bk.region;
      img.vaultId = bk.vaultId;
      img.backupId = bk.id;
      img.snapshotIds = new ArrayList<>(bk.snapshotIds);
    }
    tx.put(img);
    tx.audit(tenant, img.id, "image " + img.name + " CREATING from "
        + (img.sourceBackupId != null ? "backup " + img.sourceBackupId : "server " + img.sourceServerId));
    return Reply.json(201, img);
  }

  private static void checkName(Tx tx, String tenant, String name) {
    if (name == null || !NAME.matcher(name).matches() || name.startsWith(" ") || name.endsWith(" ")) {
      throw new ApiException(422, "INVALID_IMAGE_NAME", "the image name must be 1-128 letters, digits, spaces,"
          + " '-', '_' or '.', without leading or trailing space");
    }
    for (Image other : tx.list(Image.class, tenant)) {
      if (!"DELETED".equals(other.status) && name.equals(other.name)) {
        throw new ApiException(409, "IMAGE_NAME_EXISTS", "an image named '" + name + "' already exists (" + other.id + ")");
      }
    }
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

  /** At most 20 valid tags with distinct keys; returns the keys (for the tenant's tag policy). */
  private static Set<String> checkTags(List<Tag> tags) {
    if (tags.size() > 20) {
      throw new ApiException(422, "INVALID_TAGS", "at most 20 tags, got " + tags.size());
    }
    Set<String> keys = new HashSet<>();
    for (Tag t : tags) {
      String v = t.value == null ? "" : t.value;
      if (t.key == null || t.key.isEmpty() || t.key.length() > 36 || v.length() > 43
          || TAG_FORBIDDEN.matcher(t.key).find() || TAG_FORBIDDEN.matcher(v).find()
          || t.key.strip().length() != t.key.length() || v.strip().length() != v.length()) {
        throw new ApiException(422, "INVALID_TAGS", "tag '" + shown(t.key) + "' is not valid: key 1-36, value 0-43"
            + " characters, none of = * < > \\ , | / and no control character, no leading or trailing space");
      }
      if (!keys.add(t.key)) {
        throw new ApiException(422, "INVALID_TAGS", "tag key '" + shown(t.key) + "' appears twice");
      }
    }
    return keys;
  }

  /** F17: a backup makes one full-ECS image; a DELETED or ERROR image does not use it up. */
  private static void requireBackupUnused(Tx tx, String tenant, String backupId, String imageId) {
    for (Image other : tx.list(Image.class, tenant)) {
      if (!other.id.equals(imageId) && backupId.equals(other.backupId)
          && ("CREATING".equals(other.status) || "NORMAL".equals(other.status))) {
        throw new ApiException(409, "BACKUP_ALREADY_USED",
            "backup " + backupId + " already made image " + other.id + "; one backup makes one full-ECS image");
      }
    }
  }

  private Reply action(Call call, Tx tx) {
    JsonNode body = call.bodyTree();
    if (!body.isObject() || body.size() != 1) {
      throw ApiException.invalid("the body must hold exactly one action, one of " + ACTIONS);
    }
    String action = body.fieldNames().next();
    if (!ACTIONS.contains(action)) {
      throw ApiException.invalid("unknown field '" + action + "': the action must be one of " + ACTIONS);
    }
    JsonNode args = body.get(action);
    Image img = tx.get(Image.class, call.tenant(), call.param("id"));
    if (img == null) {
      throw ApiException.notFound("image", call.param("id"));
    }
    String detail;
    switch (action) {
      case "set_snapshots" -> {
        SetSnapshots a = Call.parse(args, SetSnapshots.class);
        if (a.snapshotIds == null) {
          throw ApiException.invalid("snapshot_ids is required");
        }
        for (String sid : a.snapshotIds) {
          if (tx.get(Snapshot.class, img.tenant, sid) == null) {
            throw ApiException.notFound("snapshot", sid);
          }
        }
        img.snapshotIds = new ArrayList<>(a.snapshotIds);
        detail = "snapshots " + a.snapshotIds;
      }
      case "set_backup" -> {
        SetBackup a = Call.parse(args, SetBackup.class);
        if (a.backupId == null || a.backupId.isBlank()) {
          throw ApiException.invalid("backup_id is required");
        }
        if (tx.get(Backup.class, img.tenant, a.backupId) == null) {
          throw ApiException.notFound("backup", a.backupId);
        }
        if (!"DELETED".equals(img.status) && !"ERROR".equals(img.status)) {
          requireBackupUnused(tx, img.tenant, a.backupId, img.id);
        }
        img.backupId = a.backupId;
        detail = "backup " + a.backupId;
      }
      case "set_retained" -> {
        SetRetained a = Call.parse(args, SetRetained.class);
        img.retainedNote = a.note;
        detail = "retained: " + a.note;
      }
      case "set_status" -> detail = setStatus(tx, img, Call.parse(args, SetStatus.class));
      default -> throw new IllegalStateException(action);
    }
    img.updatedAt = tx.nowIso();
    tx.put(img);
    tx.audit(img.tenant, img.id, action + ": " + detail);
    return Reply.ok(img);
  }

  private static ApiException conflict(Image img, String wanted) {
    return new ApiException(409, "IMAGE_STATE_CONFLICT", "image " + img.id + " is " + describe(img) + "; it cannot become " + wanted);
  }

  private static String describe(Image img) {
    if (!"NORMAL".equals(img.status)) {
      return img.status;
    }
    return img.regionWide() ? "NORMAL in the whole region" : "NORMAL in AZ " + img.sourceAz + " only";
  }

  private static String setStatus(Tx tx, Image img, SetStatus a) {
    if ("DELETED".equals(img.status)) {
      throw new ApiException(409, "IMAGE_DELETED", "image " + img.id + " is deleted");
    }
    long now = tx.nowMs();
    if ("NORMAL".equals(a.status)) {
      if ("AZ".equals(a.scope)) {
        if (!"CREATING".equals(img.status) && !("NORMAL".equals(img.status) && !img.regionWide())) {
          throw conflict(img, "NORMAL in AZ " + img.sourceAz);
        }
        if (img.snapshotIds.isEmpty()) {
          throw new ApiException(409, "SNAPSHOTS_NOT_AVAILABLE", "image " + img.id + " has no snapshots");
        }
        for (String sid : img.snapshotIds) {
          Snapshot s = tx.get(Snapshot.class, img.tenant, sid);
          if (s == null || !"available".equals(s.status(now))) {
            throw new ApiException(409, "SNAPSHOTS_NOT_AVAILABLE", "snapshot " + sid + " of image " + img.id + " is "
                + (s == null ? "gone" : s.status(now)) + ", not available");
          }
        }
        img.status = "NORMAL";
        img.availableAzs = new ArrayList<>(List.of(img.sourceAz));
        return "NORMAL in AZ " + img.sourceAz;
      }
      if ("REGION".equals(a.scope)) {
        if (!"CREATING".equals(img.status) && !"NORMAL".equals(img.status)) {
          throw conflict(img, "NORMAL");
        }
        Backup b = img.backupId == null ? null : tx.get(Backup.class, img.tenant, img.backupId);
        if (b == null || !"available".equals(b.status(now))) {
          throw new ApiException(409, "BACKUP_NOT_AVAILABLE", "the backup of image " + img.id + " is "
              + (b == null ? (img.backupId == null ? "not set" : "gone") : b.status(now)) + ", not available");
        }
        Region region = tx.store().world().region(img.region);
        img.status = "NORMAL";
        img.availableAzs = new ArrayList<>(region == null ? List.of(img.sourceAz) : region.azs);
        return "NORMAL in region " + img.region;
      }
      throw ApiException.invalid("scope must be AZ or REGION");
    }
    if ("ERROR".equals(a.status)) {
      if (img.regionWide()) {
        throw conflict(img, "ERROR");
      }
      img.status = "ERROR";
      img.availableAzs = new ArrayList<>();
      img.failureReason = a.reason == null || a.reason.isBlank() ? "unspecified" : a.reason;
      return "ERROR: " + img.failureReason;
    }
    throw ApiException.invalid("status must be NORMAL or ERROR (delete an image with DELETE)");
  }

  private Reply delete(Call call, Tx tx) {
    Image img = tx.get(Image.class, call.tenant(), call.param("id"));
    if (img == null) {
      throw ApiException.notFound("image", call.param("id"));
    }
    String deleteBackup = call.query("delete_backup");
    if (deleteBackup != null && !deleteBackup.equals("true") && !deleteBackup.equals("false")) {
      throw ApiException.invalid("delete_backup must be true or false");
    }
    if ("DELETED".equals(img.status)) {
      return Reply.ok(img);
    }
    StringBuilder detail = new StringBuilder(img.status + " -> DELETED");
    img.status = "DELETED";
    img.availableAzs = new ArrayList<>();
    img.updatedAt = tx.nowIso();
    if (img.sourceServerId != null) {
      Server s = tx.get(Server.class, img.tenant, img.sourceServerId);
      if (s != null && cloud.servers().locks().releaseForDeletedImage(tx, s, img.id)) {
        detail.append(", released the lock on ").append(s.id);
      }
    }
    if ("true".equals(deleteBackup) && img.backupId != null) {
      Backup b = tx.get(Backup.class, img.tenant, img.backupId);
      if (b != null) {
        cloud.backups().remove(tx, b);
        detail.append(", deleted backup ").append(b.id);
      }
      img.backupId = null;
    }
    tx.put(img);
    tx.audit(img.tenant, img.id, detail.toString());
    return Reply.ok(img);
  }

  private Reply get(Call call) {
    return Reply.ok(cloud.imageCatalog().get(call.tenant(), call.param("id")));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("images", cloud.imageCatalog().list(call.tenant(), call.query("status"),
        call.query("name"), call.query("idempotency_key"))));
  }
}
