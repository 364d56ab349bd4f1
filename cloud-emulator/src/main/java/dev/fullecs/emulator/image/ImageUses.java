package dev.fullecs.emulator.image;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.World;
import dev.fullecs.emulator.timing.LoadModel;
import dev.fullecs.emulator.vault.Vault;
import dev.fullecs.emulator.vault.Vaults;
import java.util.ArrayList;

/**
 * What a tenant does with its full-ECS image afterwards: share it with another tenant (F21),
 * replicate it to another region (F20), and what a full-ECS image refuses: export and publishing
 * (F20). Only the owner may: a tenant the image is shared with is refused as not its owner, any
 * other tenant does not see it (F22). Provisioning from an image and changing a server's OS to
 * it are the servers' ({@code Servers}).
 */
public final class ImageUses {
  private final ImageCatalog catalog;
  private final LoadModel load;
  private final Vaults vaults;

  public ImageUses(ImageCatalog catalog, LoadModel load, Vaults vaults) {
    this.catalog = catalog;
    this.load = load;
    this.vaults = vaults;
  }

  /** The tenant's own image as seen now, for {@code what}; NOT_IMAGE_OWNER if it is only shared with the tenant. */
  private Image owned(Tx tx, String tenant, String id, String what) {
    Image own = tx.get(Image.class, tenant, id);
    if (own != null) {
      return catalog.settled(own);
    }
    if (catalog.visible(tenant, id) != null) {
      throw Refusal.forbidden("NOT_IMAGE_OWNER", "image " + id
          + " is shared with tenant " + tenant + " read-only; only its owner may " + what + " it");
    }
    throw Refusal.notFound("image", id);
  }

  private static void requireNormal(Image img, String what) {
    if (!"NORMAL".equals(img.status)) {
      throw Refusal.conflict("IMAGE_NOT_USABLE", "image " + img.id + " is " + img.status
          + "; only a NORMAL image can be " + what);
    }
  }

  /** F21: shares a NORMAL image with another existing tenant, read-only; not while its server has a CSBS backup. */
  public Image share(Tx tx, String tenant, String id, String withTenant) {
    Image img = owned(tx, tenant, id, "share");
    if (withTenant == null || withTenant.isBlank()) {
      throw Refusal.invalid("tenant is required");
    }
    if (withTenant.equals(img.tenant)) {
      throw Refusal.invalid("an image cannot be shared with its own tenant");
    }
    tx.store().world().existingTenant(withTenant);
    requireNormal(img, "shared");
    Server source = tx.get(Server.class, img.tenant, img.sourceServerId);
    if (source != null && source.hasCsbsBackup) {
      throw Refusal.conflict("CSBS_BACKUP_EXISTS", "server " + source.id
          + " has a CSBS backup; migrate it to CBR first, then share image " + img.id);
    }
    if (!img.sharedWith.contains(withTenant)) {
      img.sharedWith.add(withTenant);
      img.updatedAt = tx.nowIso();
      tx.put(img);
      tx.audit(img.tenant, img.id, "shared with tenant " + withTenant);
    }
    return img;
  }

  /**
   * F20: a copy of an image NORMAL in its whole region into another region the cloud pairs with
   * it, CREATING until its copy time has passed; never of a replica, never within the region.
   */
  public Image replicate(Tx tx, String tenant, String id, String region, String idempotencyKey) {
    Image img = owned(tx, tenant, id, "replicate");
    if (region == null || region.isBlank()) {
      throw Refusal.invalid("region is required");
    }
    if (img.replicatedFrom != null) {
      throw Refusal.conflict("FULL_ECS_IMAGE_ALREADY_REPLICATED", "image " + img.id + " is itself a replica of "
          + img.replicatedFrom + "; a replicated full-ECS image cannot be replicated again");
    }
    if (region.equals(img.region)) {
      throw Refusal.conflict("FULL_ECS_IMAGE_REPLICATION_IN_REGION", "a full-ECS image cannot be replicated"
          + " within its region " + img.region + "; choose another region");
    }
    World world = tx.store().world();
    if (world.region(region) == null) {
      throw Refusal.notFound("region", region);
    }
    if (!world.replicates(img.region, region)) {
      throw Refusal.unacceptable("REGION_PAIR_NOT_ALLOWED", "the cloud does not replicate images from "
          + img.region + " to " + region);
    }
    if (!img.regionWide()) {
      throw Refusal.conflict("IMAGE_NOT_USABLE", "image " + img.id + " is " + ("NORMAL".equals(img.status)
          ? "NORMAL in AZ " + img.sourceAz + " only" : img.status)
          + "; only an image NORMAL in its whole region can be replicated");
    }
    long gib = 0;
    for (String sid : img.snapshotIds) {
      Snapshot s = tx.get(Snapshot.class, img.tenant, sid);
      gib += s == null ? 0 : s.sizeGib;
    }
    Image r = new Image();
    r.id = Ids.next("img");
    r.tenant = img.tenant;
    r.name = img.name + "-" + region;
    r.status = "CREATING";
    r.region = region;
    r.sourceServerId = img.sourceServerId;
    r.sourceBackupId = img.sourceBackupId;
    r.enterpriseProject = img.enterpriseProject;
    r.tags = new ArrayList<>(img.tags);
    r.description = img.description;
    r.snapshotIds = new ArrayList<>(img.snapshotIds);
    r.replicatedFrom = img.region + "/" + img.id;
    r.createdAt = tx.nowIso();
    r.updatedAt = r.createdAt;
    r.idempotencyKey = idempotencyKey;
    r.readyAtMs = tx.nowMs() + load.replicateMillis(gib);
    tx.put(r);
    tx.audit(r.tenant, r.id, "CREATING in " + region + " as a replica of " + r.replicatedFrom);
    return r;
  }

  /**
   * F20 as Huawei's IMS copies a whole image to another region ({@code cross_region_copy}): the
   * replica's backup goes into a vault of the target region, so a vault is required (a server
   * vault of the tenant in that region, backup or replication); the replica takes the name given (or the one
   * {@link #replicate} gives it). Otherwise as {@link #replicate}.
   */
  public Image replicateInto(Tx tx, String tenant, String id, String region, String name, String vaultId,
      String idempotencyKey) {
    owned(tx, tenant, id, "replicate");
    if (region == null || region.isBlank()) {
      throw Refusal.invalid("region is required");
    }
    if (vaultId == null || vaultId.isBlank()) {
      throw Refusal.invalid("vault_id is required to replicate a full-ECS image: its backup goes into a vault"
          + " of the target region");
    }
    Vault vault = vaults.receivingInRegion(tx, tenant, vaultId, region);
    Image r = replicate(tx, tenant, id, region, idempotencyKey);
    r.vaultId = vault.id;
    if (name != null && !name.isBlank()) {
      r.name = name;
    }
    tx.put(r);
    return r;
  }

  /** F20: a full-ECS image cannot be exported; always refused (after the owner check). */
  public void export(Tx tx, String tenant, String id) {
    Image img = owned(tx, tenant, id, "export");
    throw Refusal.unacceptable("FULL_ECS_IMAGE_EXPORT_NOT_SUPPORTED", "image " + img.id
        + " is a full-ECS image; a full-ECS image cannot be exported");
  }

  /** F20: a full-ECS image cannot be published to the marketplace; always refused (after the owner check). */
  public void publish(Tx tx, String tenant, String id) {
    Image img = owned(tx, tenant, id, "publish");
    throw Refusal.unacceptable("FULL_ECS_IMAGE_PUBLISH_NOT_SUPPORTED", "image " + img.id
        + " is a full-ECS image; a full-ECS image cannot be published to the marketplace");
  }
}
