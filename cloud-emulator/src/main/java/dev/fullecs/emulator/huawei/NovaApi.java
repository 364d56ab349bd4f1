package dev.fullecs.emulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.IdempotencyKey;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Servers;
import dev.fullecs.emulator.store.Tx;
import java.util.Iterator;

/**
 * ECS's native OpenStack action API, {@code POST /v2.1/{project_id}/servers/{server_id}/action}, for
 * its {@code lock} and {@code unlock} actions ({@code {"lock": null}}): Huawei's lock has no holder
 * ({@link Servers#lockWithoutHolder}); answered {@code 202} with no body, as Nova answers. Other
 * actions are not emulated on this path (400).
 */
final class NovaApi {
  private final Servers servers;

  private NovaApi(Servers servers) {
    this.servers = servers;
  }

  static void register(Router router, Cloud cloud) {
    NovaApi api = new NovaApi(cloud.servers());
    router.write("POST", "/v2.1/{project_id}/servers/{server_id}/action", "nova_server_action",
        Access.TENANT_OR_SERVICE, IdempotencyKey.NONE, api::action);
  }

  private Reply action(Call call, Tx tx) {
    JsonNode body = Wire.object(call);
    Iterator<String> names = body.fieldNames();
    String action = names.hasNext() ? names.next() : null;
    if (action == null || names.hasNext()) {
      throw Refusal.invalid("the body must hold exactly one action");
    }
    String id = call.param("server_id");
    switch (action) {
      case "lock" -> servers.lockWithoutHolder(tx, call.caller(), call.tenant(), id);
      case "unlock" -> servers.unlockWithoutHolder(tx, call.caller(), call.tenant(), id);
      default -> throw Refusal.invalid("action " + action + " is not emulated on this path; lock and unlock are");
    }
    return new Reply(202, new byte[0], "application/json");
  }
}
