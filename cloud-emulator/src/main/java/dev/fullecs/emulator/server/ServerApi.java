package dev.fullecs.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageApi;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.TokenKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Servers: list, get, and the actions of {@code POST /servers/{id}/action}, with the lock of F3. */
public final class ServerApi {
  public static final List<String> ACTIONS = List.of(
      "start", "stop", "reboot", "resize", "change_os", "attach_disk", "detach_disk", "delete", "lock", "unlock");
  private static final Set<String> DISK_TYPES = Set.of("SSD", "SAS", "GPSSD", "DSS");

  private final Cloud cloud;

  private ServerApi(Cloud cloud) {
    this.cloud = cloud;
  }

  public static void register(Router router, Cloud cloud) {
    ServerApi api = new ServerApi(cloud);
    router.get("/v1/{tenant}/servers", "list_servers", Access.TENANT_OR_SERVICE, api::list)
        .get("/v1/{tenant}/servers/{id}", "get_server", Access.TENANT_OR_SERVICE, api::get)
        .write("POST", "/v1/{tenant}/servers/{id}/action", "server_action", Access.TENANT_OR_SERVICE, false,
            api::action);
  }

  /** Arguments of actions that take none. */
  public static class NoArgs {}

  /** {@code lock} and {@code unlock}. */
  public static class HolderArgs {
    public String holder;
  }

  /** {@code resize}. */
  public static class ResizeArgs {
    public String flavor;
  }

  /** {@code change_os}. */
  public static class ChangeOsArgs {
    public String imageId;
  }

  /** {@code attach_disk}. */
  public static class AttachDiskArgs {
    public Integer sizeGib;
    public String type;
  }

  /** {@code detach_disk}. */
  public static class DetachDiskArgs {
    public String diskId;
  }

  private Reply list(Call call) {
    long now = cloud.store().nowMs();
    return Reply.ok(Map.of("servers", cloud.store().list(Server.class, call.tenant()).stream().map(s -> s.settled(now)).toList()));
  }

  private Reply get(Call call) {
    Server s = cloud.store().get(Server.class, call.tenant(), call.param("id"));
    if (s == null) {
      throw ApiException.notFound("server", call.param("id"));
    }
    return Reply.ok(s.settled(cloud.store().nowMs()));
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
    if (!args.isObject()) {
      throw ApiException.invalid("the arguments of " + action + " must be an object");
    }
    Server s = tx.get(Server.class, call.tenant(), call.param("id"));
    if (s == null) {
      throw ApiException.notFound("server", call.param("id"));
    }
    s = s.settled(tx.nowMs());
    boolean lockAction = action.equals("lock") || action.equals("unlock");
    if (lockAction && call.caller().kind() != TokenKind.SERVICE) {
      throw new ApiException(403, "SERVICE_TOKEN_REQUIRED",
          "only the image service's credential may " + action + " a server");
    }
    // The image service may delete a server it provisioned from an image (cleanup of F18).
    boolean serviceCleanup = action.equals("delete") && s.readyAtMs != null;
    if (!lockAction && !serviceCleanup && call.caller().kind() != TokenKind.TENANT) {
      throw new ApiException(403, "TENANT_TOKEN_REQUIRED",
          "server action " + action + " needs the tenant's own token");
    }
    return switch (action) {
      case "lock" -> lock(tx, s, holder(Call.parse(args, HolderArgs.class)));
      case "unlock" -> unlock(tx, s, holder(Call.parse(args, HolderArgs.class)));
      default -> ordinary(tx, s, action, args);
    };
  }

  private static String holder(HolderArgs a) {
    if (a.holder == null || a.holder.isBlank()) {
      throw ApiException.invalid("holder is required");
    }
    return a.holder;
  }

  public static ApiException locked(Server s) {
    return new ApiException(409, "ECS_LOCKED",
        "server " + s.id + " is locked by image " + s.lockHolder + " while it is being created");
  }

  private Reply lock(Tx tx, Server s, String holder) {
    if (s.lockHolder == null) {
      requireNotDeleted(s);
      s.lockHolder = holder;
      tx.put(s);
      tx.audit(s.tenant, s.id, "locked by image " + holder);
    } else if (!s.lockHolder.equals(holder)) {
      throw locked(s);
    }
    return Reply.ok(s);
  }

  private Reply unlock(Tx tx, Server s, String holder) {
    if (s.lockHolder == null) {
      return Reply.ok(s);
    }
    if (!s.lockHolder.equals(holder)) {
      throw new ApiException(409, "LOCK_NOT_HELD",
          "server " + s.id + " is locked by image " + s.lockHolder + ", not by " + holder);
    }
    s.lockHolder = null;
    tx.put(s);
    tx.audit(s.tenant, s.id, "unlocked by image " + holder);
    return Reply.ok(s);
  }

  private static void requireNotDeleted(Server s) {
    if ("DELETED".equals(s.state)) {
      throw new ApiException(409, "SERVER_DELETED", "server " + s.id + " is deleted");
    }
  }

  private static void requireState(Server s, String action, String... allowed) {
    for (String a : allowed) {
      if (a.equals(s.state)) {
        return;
      }
    }
    throw new ApiException(409, "INVALID_SERVER_STATE",
        "server " + s.id + " is " + s.state + "; " + action + " needs " + String.join(" or ", allowed));
  }

  private Reply ordinary(Tx tx, Server s, String action, JsonNode args) {
    if (s.lockHolder != null) {
      throw locked(s);
    }
    requireNotDeleted(s);
    String detail;
    switch (action) {
      case "start" -> {
        Call.parse(args, NoArgs.class);
        requireState(s, action, "STOPPED");
        s.state = "RUNNING";
        detail = "STOPPED -> RUNNING";
      }
      case "stop" -> {
        Call.parse(args, NoArgs.class);
        requireState(s, action, "RUNNING");
        s.state = "STOPPED";
        detail = "RUNNING -> STOPPED";
      }
      case "reboot" -> {
        Call.parse(args, NoArgs.class);
        requireState(s, action, "RUNNING");
        detail = "rebooted";
      }
      case "resize" -> {
        ResizeArgs a = Call.parse(args, ResizeArgs.class);
        if (a.flavor == null || a.flavor.isBlank()) {
          throw ApiException.invalid("flavor is required");
        }
        requireState(s, action, "RUNNING", "STOPPED");
        detail = "flavor " + s.flavor + " -> " + a.flavor;
        s.flavor = a.flavor;
      }
      case "change_os" -> {
        ChangeOsArgs a = Call.parse(args, ChangeOsArgs.class);
        if (a.imageId == null || a.imageId.isBlank()) {
          throw ApiException.invalid("image_id is required");
        }
        requireState(s, action, "RUNNING", "STOPPED");
        Image img = ImageApi.visible(cloud, s.tenant, a.imageId);
        if (img == null) {
          throw ApiException.notFound("image", a.imageId);
        }
        if (!"NORMAL".equals(img.status)) {
          throw new ApiException(409, "IMAGE_NOT_NORMAL", "image " + a.imageId + " is " + img.status + ", not NORMAL");
        }
        if (!img.availableAzs.contains(s.az)) {
          throw new ApiException(409, "IMAGE_NOT_AVAILABLE_IN_AZ", "image " + img.id + " is available in "
              + img.availableAzs + " only, not in " + s.az);
        }
        String system = s.disks.stream().filter(d -> "system".equals(d.role)).map(d -> d.id).findFirst().orElse("none");
        long data = s.disks.stream().filter(d -> !"system".equals(d.role)).count();
        // F19: a full-ECS image changes the OS by writing only the system disk
        detail = "OS from image " + a.imageId + ": wrote system disk " + system + " only; " + data
            + " data disk(s) unchanged";
        s.lastChangeOs = detail;
        s.imageId = a.imageId;
      }
      case "attach_disk" -> {
        AttachDiskArgs a = Call.parse(args, AttachDiskArgs.class);
        if (a.sizeGib == null || a.sizeGib < 1 || a.sizeGib > 32768) {
          throw ApiException.invalid("size_gib must be between 1 and 32768");
        }
        String type = a.type == null ? "SSD" : a.type;
        if (!DISK_TYPES.contains(type)) {
          throw ApiException.invalid("type must be one of " + DISK_TYPES);
        }
        requireState(s, action, "RUNNING", "STOPPED");
        int n = 1;
        while (s.disk(s.id + "-data" + n) != null) {
          n++;
        }
        Disk d = new Disk(s.id + "-data" + n, a.sizeGib, "data", type, s.az);
        s.disks.add(d);
        detail = "attached " + d.id;
      }
      case "detach_disk" -> {
        DetachDiskArgs a = Call.parse(args, DetachDiskArgs.class);
        Disk d = a.diskId == null ? null : s.disk(a.diskId);
        if (d == null) {
          throw ApiException.notFound("disk", String.valueOf(a.diskId));
        }
        if ("system".equals(d.role)) {
          throw new ApiException(409, "SYSTEM_DISK_NOT_DETACHABLE", "disk " + d.id + " is the system disk");
        }
        requireState(s, action, "RUNNING", "STOPPED");
        s.disks.remove(d);
        detail = "detached " + d.id;
      }
      case "delete" -> {
        Call.parse(args, NoArgs.class);
        detail = s.state + " -> DELETED";
        s.state = "DELETED";
      }
      default -> throw new IllegalStateException(action);
    }
    tx.put(s);
    tx.audit(s.tenant, s.id, action + ": " + detail);
    return Reply.ok(s);
  }
}
