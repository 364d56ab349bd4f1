package dev.fullecs.emulator.image;

import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.BootImage;
import dev.fullecs.emulator.server.BootImages;
import dev.fullecs.emulator.server.ImageDisk;
import dev.fullecs.emulator.snapshot.ImageLinks;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * Which images a tenant sees, and as what (F21, F22): its own, and those shared with it,
 * read-only; a replica as NORMAL in its region once its copy time has passed (F20). It answers
 * the servers (an image to boot from) and the snapshots and backups (the image they are made for).
 */
public final class ImageCatalog implements BootImages, ImageLinks {
  private final Store store;

  public ImageCatalog(Store store) {
    this.store = store;
  }

  /** The image as seen now (a replica settles to NORMAL when its copy time has passed); null stays null. */
  public Image settled(Image img) {
    if (img == null) {
      return null;
    }
    Region region = store.world().region(img.region);
    return img.settled(store.nowMs(), region == null ? List.of(img.sourceAz) : region.azs);
  }

  /** The tenant's own image, or one shared with it, as seen now; null if it sees none of that id. */
  public Image visible(String tenant, String id) {
    Image own = store.get(Image.class, tenant, id);
    if (own != null) {
      return settled(own);
    }
    for (Image i : store.listAll(Image.class)) {
      if (i.id.equals(id) && i.sharedWith.contains(tenant)) {
        return settled(i);
      }
    }
    return null;
  }

  /** {@link #visible}, or a refusal (IMAGE_NOT_FOUND). */
  public Image get(String tenant, String id) {
    Image img = visible(tenant, id);
    if (img == null) {
      throw Refusal.notFound("image", id);
    }
    return img;
  }

  /**
   * The images the tenant sees that match every filter given (null: any); an idempotency key
   * finds only the tenant's own images.
   */
  public List<Image> list(String tenant, String status, String name, String idempotencyKey) {
    List<Image> out = new ArrayList<>();
    for (Image i : store.listAll(Image.class)) {
      if (!i.tenant.equals(tenant) && !i.sharedWith.contains(tenant)) {
        continue;
      }
      if (status != null && !status.equals(i.status)
          || name != null && !name.equals(i.name)
          || idempotencyKey != null && !(i.tenant.equals(tenant) && idempotencyKey.equals(i.idempotencyKey))) {
        continue;
      }
      out.add(settled(i));
    }
    return out;
  }

  @Override
  public BootImage find(String tenant, String imageId) {
    Image i = visible(tenant, imageId);
    return i == null ? null
        : new BootImage(i.id, i.tenant, i.region, i.status, i.availableAzs, i.sourceServerId, i.snapshotIds);
  }

  @Override
  public List<ImageDisk> disks(BootImage image) {
    List<ImageDisk> out = new ArrayList<>();
    for (String sid : image.snapshotIds()) {
      Snapshot snap = store.get(Snapshot.class, image.tenant(), sid);
      if (snap == null) {
        throw Refusal.conflict("IMAGE_DISKS_GONE", "snapshot " + sid + " of image " + image.id() + " is gone");
      }
      out.add(new ImageDisk(snap.diskId, snap.sizeGib));
    }
    return out;
  }

  @Override
  public void requireImage(Tx tx, String tenant, String imageId) {
    if (imageId != null && tx.get(Image.class, tenant, imageId) == null) {
      throw Refusal.notFound("image", imageId);
    }
  }
}
