package dev.fullecs.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageCatalog;
import dev.fullecs.emulator.image.Images;
import dev.fullecs.emulator.image.NewImage;
import dev.fullecs.emulator.image.Tag;
import dev.fullecs.emulator.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IMS full-ECS images: create and the actions of {@code POST /images/{id}/action} (service token),
 * get and list, delete ({@link Images}, {@link ImageCatalog}).
 */
public final class ImageApi {
  static final List<String> ACTIONS = List.of("set_snapshots", "set_backup", "set_status", "set_retained");

  private final Images images;
  private final ImageCatalog catalog;

  private ImageApi(Images images, ImageCatalog catalog) {
    this.images = images;
    this.catalog = catalog;
  }

  static void register(Router router, Cloud cloud) {
    ImageApi api = new ImageApi(cloud.images(), cloud.imageCatalog());
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
    NewImage spec = new NewImage(b.id, b.name, b.type, b.sourceServerId, b.sourceBackupId, b.vaultId,
        b.enterpriseProject, b.tags, b.description, b.creationId);
    return Reply.json(201, images.create(tx, call.tenant(), spec, call.idempotencyKey()));
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
    String tenant = call.tenant();
    String id = call.param("id");
    images.own(tx, tenant, id); // the image answers before the arguments are read
    Image img = switch (action) {
      case "set_snapshots" -> images.setSnapshots(tx, tenant, id, Call.parse(args, SetSnapshots.class).snapshotIds);
      case "set_backup" -> images.setBackup(tx, tenant, id, Call.parse(args, SetBackup.class).backupId);
      case "set_retained" -> images.setRetainedNote(tx, tenant, id, Call.parse(args, SetRetained.class).note);
      case "set_status" -> {
        SetStatus a = Call.parse(args, SetStatus.class);
        yield images.setStatus(tx, tenant, id, a.status, a.scope, a.reason);
      }
      default -> throw new IllegalStateException(action);
    };
    return Reply.ok(img);
  }

  private Reply delete(Call call, Tx tx) {
    images.own(tx, call.tenant(), call.param("id")); // the image answers before delete_backup is read
    String deleteBackup = call.query("delete_backup");
    if (deleteBackup != null && !deleteBackup.equals("true") && !deleteBackup.equals("false")) {
      throw ApiException.invalid("delete_backup must be true or false");
    }
    return Reply.ok(images.delete(tx, call.tenant(), call.param("id"), "true".equals(deleteBackup)));
  }

  private Reply get(Call call) {
    return Reply.ok(catalog.get(call.tenant(), call.param("id")));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("images",
        catalog.list(call.tenant(), call.query("status"), call.query("name"), call.query("idempotency_key"))));
  }
}
