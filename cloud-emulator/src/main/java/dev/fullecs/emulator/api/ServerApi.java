package dev.fullecs.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.server.Servers;
import dev.fullecs.emulator.store.Tx;
import dev.fullecs.emulator.tenant.Caller;
import java.util.List;
import java.util.Map;

/** Servers: list, get, and the actions of {@code POST /servers/{id}/action}, one per body: {@code {"stop":{}}}. */
public final class ServerApi {
  static final List<String> ACTIONS = List.of(
      "start", "stop", "reboot", "resize", "change_os", "attach_disk", "detach_disk", "delete", "lock", "unlock");

  private final Servers servers;

  private ServerApi(Servers servers) {
    this.servers = servers;
  }

  static void register(Router router, Cloud cloud) {
    ServerApi api = new ServerApi(cloud.servers());
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
    return Reply.ok(Map.of("servers", servers.list(call.tenant())));
  }

  private Reply get(Call call) {
    return Reply.ok(servers.get(call.tenant(), call.param("id")));
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
    Caller caller = call.caller();
    String tenant = call.tenant();
    String id = call.param("id");
    // The server, the credential and the lock answer before the arguments are read.
    servers.forAction(tx, caller, tenant, id, action);
    Server s = switch (action) {
      case "lock" -> servers.lock(tx, caller, tenant, id, Call.parse(args, HolderArgs.class).holder);
      case "unlock" -> servers.unlock(tx, caller, tenant, id, Call.parse(args, HolderArgs.class).holder);
      case "resize" -> servers.resize(tx, caller, tenant, id, Call.parse(args, ResizeArgs.class).flavor);
      case "change_os" -> servers.changeOs(tx, caller, tenant, id, Call.parse(args, ChangeOsArgs.class).imageId);
      case "attach_disk" -> {
        AttachDiskArgs a = Call.parse(args, AttachDiskArgs.class);
        yield servers.attachDisk(tx, caller, tenant, id, a.sizeGib, a.type);
      }
      case "detach_disk" -> servers.detachDisk(tx, caller, tenant, id, Call.parse(args, DetachDiskArgs.class).diskId);
      default -> {
        Call.parse(args, NoArgs.class);
        yield switch (action) {
          case "start" -> servers.start(tx, caller, tenant, id);
          case "stop" -> servers.stop(tx, caller, tenant, id);
          case "reboot" -> servers.reboot(tx, caller, tenant, id);
          case "delete" -> servers.delete(tx, caller, tenant, id);
          default -> throw new IllegalStateException(action);
        };
      }
    };
    return Reply.ok(s);
  }
}
