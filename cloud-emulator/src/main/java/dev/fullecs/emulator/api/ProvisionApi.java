package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.server.Servers;
import dev.fullecs.emulator.store.Tx;

/** F18: {@code POST /servers}, a new server from a full-ECS image ({@link Servers#provision}). */
public final class ProvisionApi {
  private final Servers servers;

  private ProvisionApi(Servers servers) {
    this.servers = servers;
  }

  static void register(Router router, Cloud cloud) {
    ProvisionApi api = new ProvisionApi(cloud.servers());
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
    return Reply.json(201, servers.provision(tx, call.tenant(), b.name, b.imageId, b.az, b.flavor));
  }
}
