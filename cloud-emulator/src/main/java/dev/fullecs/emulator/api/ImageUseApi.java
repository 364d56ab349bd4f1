package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.ImageUses;
import dev.fullecs.emulator.store.Tx;

/** Share (F21), replicate (F20), and the refused export and publish (F20) of a full-ECS image ({@link ImageUses}). */
public final class ImageUseApi {
  private final ImageUses uses;

  private ImageUseApi(ImageUses uses) {
    this.uses = uses;
  }

  static void register(Router router, Cloud cloud) {
    ImageUseApi api = new ImageUseApi(cloud.imageUses());
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

  private Reply share(Call call, Tx tx) {
    ShareBody b = call.body(ShareBody.class);
    return Reply.ok(uses.share(tx, call.tenant(), call.param("id"), b.tenant));
  }

  private Reply replicate(Call call, Tx tx) {
    ReplicateBody b = call.body(ReplicateBody.class);
    return Reply.json(201, uses.replicate(tx, call.tenant(), call.param("id"), b.region, call.idempotencyKey()));
  }

  private Reply export(Call call, Tx tx) {
    uses.export(tx, call.tenant(), call.param("id"));
    throw new IllegalStateException("export is always refused");
  }

  private Reply publish(Call call, Tx tx) {
    uses.publish(tx, call.tenant(), call.param("id"));
    throw new IllegalStateException("publish is always refused");
  }
}
