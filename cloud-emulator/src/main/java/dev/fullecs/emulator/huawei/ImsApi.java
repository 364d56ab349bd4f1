package dev.fullecs.emulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.IdempotencyKey;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageCatalog;
import dev.fullecs.emulator.image.ImageStage;
import dev.fullecs.emulator.image.ImageUses;
import dev.fullecs.emulator.image.Images;
import dev.fullecs.emulator.image.NewImage;
import dev.fullecs.emulator.image.Tag;
import dev.fullecs.emulator.job.Job;
import dev.fullecs.emulator.job.Jobs;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IMS as Huawei's API serves it: CreateWholeImage from a CBR backup (answered with a job), ListImages
 * and the Glance-style show and delete of an image ({@code queued}, {@code saving}, {@code active},
 * {@code killed}, {@code deleted}), sharing ({@code BatchAddMembers}), CopyImageCrossRegion (a vault of
 * the target region required) and the export a full-ECS image refuses. The project comes from
 * {@code X-Project-Id} (these paths name none). Thin mappings of {@link Images}, {@link ImageCatalog},
 * {@link ImageUses} and {@link Jobs}.
 */
final class ImsApi {
  private final Images images;
  private final ImageCatalog catalog;
  private final ImageUses uses;
  private final Jobs jobs;
  private final Store store;

  private ImsApi(Cloud cloud) {
    this.images = cloud.images();
    this.catalog = cloud.imageCatalog();
    this.uses = cloud.imageUses();
    this.jobs = cloud.jobs();
    this.store = cloud.store();
  }

  static void register(Router ims, Router glance, Cloud cloud) {
    ImsApi api = new ImsApi(cloud);
    ims.write("POST", "/v1/cloudimages/wholeimages/action", "ims_create_whole_image", Access.SERVICE,
            IdempotencyKey.NONE, api::createWhole)
        .get("/v2/cloudimages", "ims_list_images", Access.TENANT_OR_SERVICE, api::list)
        .write("POST", "/v1/cloudimages/members", "ims_add_members", Access.TENANT_OR_SERVICE, IdempotencyKey.NONE,
            api::addMembers)
        .write("POST", "/v1/cloudimages/{image_id}/cross_region_copy", "ims_copy_image_cross_region",
            Access.TENANT_OR_SERVICE, IdempotencyKey.NONE, api::copyCrossRegion)
        .write("POST", "/v1/cloudimages/{image_id}/file", "ims_export_image", Access.TENANT_OR_SERVICE,
            IdempotencyKey.NONE, api::export);
    glance.get("/v2/images/{image_id}", "ims_show_image", Access.TENANT_OR_SERVICE, api::show)
        .write("DELETE", "/v2/images/{image_id}", "ims_delete_image", Access.TENANT_OR_SERVICE, IdempotencyKey.NONE,
            api::delete);
  }

  /**
   * {@code {"name", "backup_id", "whole_image_type": "CBR", "tags": ["key=value"] | "image_tags":
   * [{"key","value"}], "description", "enterprise_project_id"}}: a whole image from an available CBR
   * backup, made on the cloud's clock ({@link Images#createWhole}); answered {@code {"job_id"}}.
   */
  private Reply createWhole(Call call, Tx tx) {
    JsonNode body = Wire.object(call);
    if (Wire.text(body, "instance_id") != null) {
      throw Refusal.invalid("a whole image straight from an ECS (instance_id) is not emulated: checkpoint the"
          + " server into a CBR vault, then make the image from its backup (backup_id, whole_image_type CBR)");
    }
    String backupId = Wire.text(body, "backup_id");
    if (backupId == null) {
      throw Refusal.invalid("backup_id is required");
    }
    if (!"CBR".equals(Wire.text(body, "whole_image_type"))) {
      throw Refusal.invalid("whole_image_type must be CBR: only CBR backups make whole images here");
    }
    List<Tag> tags = tags(body);
    NewImage spec = new NewImage(UUID.randomUUID().toString(), Wire.text(body, "name"), "FULL_ECS", null, backupId,
        Wire.text(body, "vault_id"), Wire.enterpriseProject(Wire.text(body, "enterprise_project_id")), tags,
        Wire.text(body, "description"), null);
    Image img = images.createWhole(tx, call.tenant(), spec, null);
    Job job = jobs.start(tx, call.tenant(), "ims", "imsCreateWholeImageByBackupJob", null, img.id);
    return Reply.ok(Map.of("job_id", job.id));
  }

  /** {@code tags} ({@code "key=value"}, or the older {@code "key.value"}) or {@code image_tags}, as the image's tags. */
  private static List<Tag> tags(JsonNode body) {
    List<Tag> out = new ArrayList<>();
    for (String t : Wire.texts(body, "tags")) {
      int at = t.indexOf('=') >= 0 ? t.indexOf('=') : t.indexOf('.');
      Tag tag = new Tag();
      tag.key = at < 0 ? t : t.substring(0, at);
      tag.value = at < 0 ? "" : t.substring(at + 1);
      out.add(tag);
    }
    JsonNode imageTags = body.get("image_tags");
    if (imageTags != null && imageTags.isArray()) {
      if (!out.isEmpty()) {
        throw Refusal.invalid("use either tags or image_tags");
      }
      for (JsonNode t : imageTags) {
        Tag tag = new Tag();
        tag.key = Wire.text(t, "key");
        tag.value = Wire.text(t, "value");
        out.add(tag);
      }
    }
    return out;
  }

  /**
   * The images the project sees, filtered as the SDK asks: {@code name}, {@code id}, {@code status},
   * {@code tag} ({@code key=value}), {@code __imagetype}, {@code owner}, {@code visibility},
   * {@code enterprise_project_id}; newest first; {@code marker} and {@code limit} page. Deleted
   * images only when asked for ({@code status=deleted}).
   */
  private Reply list(Call call) {
    long now = store.nowMs();
    String tenant = call.tenant();
    String status = call.query("status");
    String tag = call.query("tag");
    List<Image> found = new ArrayList<>();
    for (Image img : catalog.list(tenant, null, call.query("name"), null)) {
      String stage = status(img, now);
      if (status == null ? "deleted".equals(stage) : !status.equals(stage)) {
        continue;
      }
      if (!matches(call.query("id"), img.id) || !matches(call.query("owner"), img.tenant)
          || !matches(call.query("__imagetype"), imageType(img, tenant))
          || !matches(call.query("visibility"), imageType(img, tenant))
          || !matches(call.query("enterprise_project_id"), Wire.enterpriseProjectId(img.enterpriseProject))
          || tag != null && !tags(img).contains(tag) && !tags(img).contains(tag.replaceFirst("\\.", "="))) {
        continue;
      }
      found.add(img);
    }
    found.sort(Comparator.comparing((Image i) -> i.createdAt == null ? "" : i.createdAt).reversed()
        .thenComparing(i -> i.id));
    String marker = call.query("marker");
    int from = 0;
    if (marker != null) {
      for (int i = 0; i < found.size(); i++) {
        if (found.get(i).id.equals(marker)) {
          from = i + 1;
        }
      }
    }
    int limit = Math.max(1, Math.min(1000, call.intQuery("limit", 500)));
    List<Map<String, Object>> page = found.stream().skip(from).limit(limit).map(i -> view(i, tenant, now)).toList();
    return Reply.ok(Map.of("images", page));
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || wanted.equals(value);
  }

  private Reply show(Call call) {
    return Reply.ok(view(catalog.get(call.tenant(), call.param("image_id")), call.tenant(), store.nowMs()));
  }

  /** {@code {"delete_backup": false}} (or no body): the image deleted, its backup kept unless asked; {@code 204}. */
  private Reply delete(Call call, Tx tx) {
    String id = call.param("image_id");
    images.own(tx, call.tenant(), id);
    boolean deleteBackup = false;
    if (call.rawBody().length > 0) {
      JsonNode flag = Wire.object(call).get("delete_backup");
      if (flag != null && !flag.isNull()) {
        if (!flag.isBoolean()) {
          throw Refusal.invalid("delete_backup must be true or false");
        }
        deleteBackup = flag.asBoolean();
      }
    }
    images.deleteUnlessCreating(tx, call.tenant(), id, deleteBackup);
    return new Reply(204, new byte[0], "application/json");
  }

  /** {@code {"images": [ids], "projects": [project ids]}}: each image shared with each project (F21); a job. */
  private Reply addMembers(Call call, Tx tx) {
    JsonNode body = Wire.object(call);
    List<String> ids = Wire.texts(body, "images");
    List<String> projects = Wire.texts(body, "projects");
    if (ids.isEmpty() || projects.isEmpty()) {
      throw Refusal.invalid("images and projects are required");
    }
    for (String id : ids) {
      for (String project : projects) {
        uses.share(tx, call.tenant(), id, project);
      }
    }
    Job job = jobs.start(tx, call.tenant(), "ims", "imsAddImageMembersJob", null, null);
    return Reply.ok(Map.of("job_id", job.id));
  }

  /** {@code {"region", "name", "vault_id", "project_name", "agency_name", "description"}}: a copy in another region (F20); a job. */
  private Reply copyCrossRegion(Call call, Tx tx) {
    JsonNode body = Wire.object(call);
    Image copy = uses.replicateInto(tx, call.tenant(), call.param("image_id"), Wire.text(body, "region"),
        Wire.text(body, "name"), Wire.text(body, "vault_id"), null);
    Job job = jobs.start(tx, call.tenant(), "ims", "imsCopyImageCrossRegionJob", null, copy.id);
    return Reply.ok(Map.of("job_id", job.id));
  }

  /** A full-ECS image is never exported (F20). */
  private Reply export(Call call, Tx tx) {
    uses.export(tx, call.tenant(), call.param("image_id"));
    throw new IllegalStateException("export is always refused");
  }

  /** IMS's status of the image at {@code now}. */
  static String status(Image img, long now) {
    return switch (img.stage(now)) {
      case QUEUED -> "queued";
      case SAVING -> "saving";
      case ACTIVE -> "active";
      case FAILED -> "killed";
      case DELETED -> "deleted";
    };
  }

  /** {@code private}, or {@code shared} for an image shared with other projects or with the caller's. */
  private static String imageType(Image img, String tenant) {
    return !img.tenant.equals(tenant) || !img.sharedWith.isEmpty() ? "shared" : "private";
  }

  private static List<String> tags(Image img) {
    return img.tags.stream().map(t -> t.key + "=" + (t.value == null ? "" : t.value)).toList();
  }

  /** The image as IMS shows it (Glance's fields and IMS's {@code __} extensions). */
  private Map<String, Object> view(Image img, String tenant, long now) {
    Server source = img.sourceServerId == null ? null : store.get(Server.class, img.tenant, img.sourceServerId);
    long totalGib = 0;
    int systemGib = 0;
    for (String sid : img.snapshotIds) {
      Snapshot s = store.get(Snapshot.class, img.tenant, sid);
      if (s != null) {
        totalGib += s.sizeGib;
        if (source != null && source.disk(s.diskId) != null && "system".equals(source.disk(s.diskId).role)) {
          systemGib = s.sizeGib;
        }
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", img.id);
    v.put("name", img.name);
    v.put("status", status(img, now));
    v.put("visibility", imageType(img, tenant));
    v.put("owner", img.tenant);
    v.put("protected", false);
    v.put("container_format", "bare");
    v.put("disk_format", "zvhd2");
    v.put("min_disk", systemGib);
    v.put("min_ram", 0);
    v.put("size", 0);
    v.put("virtual_env_type", "FusionCompute");
    v.put("tags", tags(img));
    v.put("created_at", img.createdAt);
    boolean activeOnClock = img.stage(now) == ImageStage.ACTIVE && img.readyAtMs != null;
    v.put("updated_at", activeOnClock ? Wire.iso(Math.max(img.readyAtMs, Wire.epochMs(img.updatedAt))) : img.updatedAt);
    v.put("active_at", activeOnClock ? Wire.iso(img.readyAtMs) : null);
    v.put("self", "/v2/images/" + img.id);
    v.put("file", "/v2/images/" + img.id + "/file");
    v.put("schema", "/v2/schemas/image");
    v.put("enterprise_project_id", Wire.enterpriseProjectId(img.enterpriseProject));
    v.put("__imagetype", imageType(img, tenant));
    v.put("__image_source_type", "uds");
    v.put("__isregistered", "true");
    v.put("__whole_image", "true");
    v.put("__backup_id", img.backupId);
    v.put("__description", img.description);
    v.put("__image_size", String.valueOf(totalGib << 30));
    v.put("__os_type", source != null && "WINDOWS".equals(source.os) ? "Windows" : "Linux");
    v.put("__os_bit", "64");
    v.put("__platform", "Other");
    return v;
  }
}
