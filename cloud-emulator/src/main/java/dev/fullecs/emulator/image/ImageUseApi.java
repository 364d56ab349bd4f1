package dev.fullecs.emulator.image;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Tx;
import java.util.ArrayList;

/**
 * What a tenant does with its full-ECS image afterwards: share (F21), replicate to another region
 * (F20), and the operations a full-ECS image refuses (export, publish). Only the owner may share
 * or replicate; a tenant the image is shared with gets 403, any other tenant 404 (F22).
 */
public final class ImageUseApi {
  private final Cloud cloud;

  private ImageUseApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    ImageUseApi api = new ImageUseApi(cloud);
    router.write("POST", "/v1/{tenant}/images/{id}/share", "share_image", Access.TENANT_OR_SERVICE, false, api::share)
        .write("POST", "/v1/{tenant}/images/{id}/replicate", "replicate_image", Access.TENANT_OR_SERVICE, true,
            api::replicate)
        .write("POST", "/v1/{tenant}/images/{id}/export", "export_image", Access.TENANT_OR_SERVICE, false, api::export)
        .write("POST", "/v1/{tenant}/images/{id}/publish", "publish_image", Access.TENANT_OR_SERVICE, false,
            api::publish);
  }

  /** Body of {@code POST /images/{id}/share}. */
  public static class ShareBody {
    public String tenant;
  }

  /** Body of {@code POST /images/{id}/replicate}. */
  public static class ReplicateBody {
    public String region;
  }

  /** The caller's own image, settled; 403 if it is only shared with the caller, else 404. */
  private Image owned(Call call, Tx tx, String what) {
    Image own = tx.get(Image.class, call.tenant(), call.param("id"));
    if (own != null) {
      return cloud.imageCatalog().settled(own);
    }
    if (cloud.imageCatalog().visible(call.tenant(), call.param("id")) != null) {
      throw new ApiException(403, "NOT_IMAGE_OWNER", "image " + call.param("id")
          + " is shared with tenant " + call.tenant() + " read-only; only its owner may " + what + " it");
    }
    throw ApiException.notFound("image", call.param("id"));
  }

  private static void requireNormal(Image img, String what) {
    if (!"NORMAL".equals(img.status)) {
      throw new ApiException(409, "IMAGE_NOT_USABLE", "image " + img.id + " is " + img.status
          + "; only a NORMAL image can be " + what);
    }
  }

  private Reply share(Call call, Tx tx) {
    ShareBody b = call.body(ShareBody.class);
    Image img = owned(call, tx, "share");
    if (b.tenant == null || b.tenant.isBlank()) {
      throw ApiException.invalid("tenant is required");
    }
    if (b.tenant.equals(img.tenant)) {
      throw ApiException.invalid("an image cannot be shared with its own tenant");
    }
    tx.store().world().existingTenant(b.tenant);
    requireNormal(img, "shared");
    Server source = tx.get(Server.class, img.tenant, img.sourceServerId);
    if (source != null && source.hasCsbsBackup) {
      throw new ApiException(409, "CSBS_BACKUP_EXISTS", "server " + source.id
          + " has a CSBS backup; migrate it to CBR first, then share image " + img.id);
    }
    if (!img.sharedWith.contains(b.tenant)) {
      img.sharedWith.add(b.tenant);
      img.updatedAt = tx.nowIso();
      tx.put(img);
      tx.audit(img.tenant, img.id, "shared with tenant " + b.tenant);
    }
    return Reply.ok(img);
  }

  private Reply replicate(Call call, Tx tx) {
    ReplicateBody b = call.body(ReplicateBody.class);
    Image img = owned(call, tx, "replicate");
    if (b.region == null || b.region.isBlank()) {
      throw ApiException.invalid("region is required");
    }
    if (img.replicatedFrom != null) {
      throw new ApiException(409, "FULL_ECS_IMAGE_ALREADY_REPLICATED", "image " + img.id
          + " is itself a replica of " + img.replicatedFrom + "; a replicated full-ECS image cannot be replicated again");
    }
    if (b.region.equals(img.region)) {
      throw new ApiException(409, "FULL_ECS_IMAGE_REPLICATION_IN_REGION", "a full-ECS image cannot be replicated"
          + " within its region " + img.region + "; choose another region");
    }
    if (tx.store().world().region(b.region) == null) {
      throw ApiException.notFound("region", b.region);
    }
    if (!tx.store().world().replicates(img.region, b.region)) {
      throw new ApiException(422, "REGION_PAIR_NOT_ALLOWED", "the cloud does not replicate images from "
          + img.region + " to " + b.region);
    }
    if (!img.regionWide()) {
      throw new ApiException(409, "IMAGE_NOT_USABLE", "image " + img.id + " is " + ("NORMAL".equals(img.status)
          ? "NORMAL in AZ " + img.sourceAz + " only" : img.status) + "; only an image NORMAL in its whole region can be replicated");
    }
    long gib = 0;
    for (String sid : img.snapshotIds) {
      Snapshot s = tx.get(Snapshot.class, img.tenant, sid);
      gib += s == null ? 0 : s.sizeGib;
    }
    Image r = new Image();
    r.id = Ids.next("img");
    r.tenant = img.tenant;
    r.name = img.name + "-" + b.region;
    r.status = "CREATING";
    r.region = b.region;
    r.sourceServerId = img.sourceServerId;
    r.sourceBackupId = img.sourceBackupId;
    r.enterpriseProject = img.enterpriseProject;
    r.tags = new ArrayList<>(img.tags);
    r.description = img.description;
    r.snapshotIds = new ArrayList<>(img.snapshotIds);
    r.replicatedFrom = img.region + "/" + img.id;
    r.createdAt = tx.nowIso();
    r.updatedAt = r.createdAt;
    r.idempotencyKey = call.idempotencyKey();
    r.readyAtMs = tx.nowMs() + cloud.load().replicateMillis(gib);
    tx.put(r);
    tx.audit(r.tenant, r.id, "CREATING in " + b.region + " as a replica of " + r.replicatedFrom);
    return Reply.json(201, r);
  }

  private Reply export(Call call, Tx tx) {
    Image img = owned(call, tx, "export");
    throw new ApiException(422, "FULL_ECS_IMAGE_EXPORT_NOT_SUPPORTED", "image " + img.id
        + " is a full-ECS image; a full-ECS image cannot be exported");
  }

  private Reply publish(Call call, Tx tx) {
    Image img = owned(call, tx, "publish");
    throw new ApiException(422, "FULL_ECS_IMAGE_PUBLISH_NOT_SUPPORTED", "image " + img.id
        + " is a full-ECS image; a full-ECS image cannot be published to the marketplace");
  }
}
