package dev.fullecs.emulator.server;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageApi;
import dev.fullecs.emulator.snapshot.Snapshot;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Region;
import java.util.regex.Pattern;

/**
 * F18: a new ECS from a full-ECS image, its system disk and every data disk restored from the
 * image's disks. BUILDING until the restore time of the load model has passed, then RUNNING.
 */
public final class ProvisionApi {
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,64}");

  private final Cloud cloud;

  private ProvisionApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    ProvisionApi api = new ProvisionApi(cloud);
    router.write("POST", "/v1/{tenant}/servers", "create_server", Access.TENANT_OR_SERVICE, true, api::create);
  }

  /** Body of {@code POST /servers}. */
  public static class CreateBody {
    public String name;
    public String imageId;
    public String az;
    public String flavor;
  }

  private Reply create(Call call, Tx tx) {
    CreateBody b = call.body(CreateBody.class);
    if (b.name == null || !NAME.matcher(b.name).matches()) {
      throw ApiException.invalid("name is required: 1-64 letters, digits, '.', '_' or '-'");
    }
    if (b.imageId == null || b.imageId.isBlank()) {
      throw ApiException.invalid("image_id is required");
    }
    if (b.az == null || b.az.isBlank()) {
      throw ApiException.invalid("az is required");
    }
    Image img = ImageApi.visible(cloud, call.tenant(), b.imageId);
    if (img == null) {
      throw ApiException.notFound("image", b.imageId);
    }
    Region region = tx.store().world().region(img.region);
    if (region == null || !region.azs.contains(b.az)) {
      throw new ApiException(422, "AZ_NOT_IN_REGION", "AZ " + b.az + " is not in region " + img.region
          + " of image " + img.id);
    }
    if (!"NORMAL".equals(img.status)) {
      throw new ApiException(409, "IMAGE_NOT_USABLE", "image " + img.id + " is " + img.status
          + "; only a NORMAL image can provision a server");
    }
    if (!img.availableAzs.contains(b.az)) {
      throw new ApiException(409, "IMAGE_NOT_AVAILABLE_IN_AZ", "image " + img.id + " is available in AZ "
          + String.join(", ", img.availableAzs) + " only until it is NORMAL in the whole region; not in " + b.az);
    }
    Server s = new Server();
    s.id = Ids.next("ecs");
    s.name = b.name;
    s.tenant = call.tenant();
    s.region = img.region;
    s.az = b.az;
    s.flavor = b.flavor == null || b.flavor.isBlank() ? "s6.large.2" : b.flavor;
    s.state = "BUILDING";
    s.imageId = img.id;
    Server source = tx.store().get(Server.class, img.tenant, img.sourceServerId);
    if (source != null) {
      s.kind = source.kind;
      s.os = source.os;
    }
    int data = 0;
    for (String sid : img.snapshotIds) {
      Snapshot snap = tx.store().get(Snapshot.class, img.tenant, sid);
      if (snap == null) {
        throw new ApiException(409, "IMAGE_DISKS_GONE", "snapshot " + sid + " of image " + img.id + " is gone");
      }
      Disk from = source == null ? null : source.disk(snap.diskId);
      String role = from != null ? from.role : (snap.diskId.endsWith("-sys") ? "system" : "data");
      String type = from != null ? from.type : "SSD";
      String id = "system".equals(role) ? s.id + "-sys" : s.id + "-data" + (++data);
      s.disks.add(new Disk(id, snap.sizeGib, role, type, b.az));
    }
    s.readyAtMs = tx.nowMs() + cloud.load().restoreMillis(s.totalSizeGib());
    tx.put(s);
    tx.audit(s.tenant, s.id, "BUILDING from image " + img.id + " in " + b.az + " with " + s.disks.size() + " disk(s)");
    return Reply.json(201, s);
  }
}
