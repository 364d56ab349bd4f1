package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.retained.Retained;
import dev.fullecs.emulator.store.Tx;
import java.util.Map;

/** Deleting what a stopped creation retained: a snapshot, a backup ({@link Retained}). */
public final class RetainedApi {
  private final Retained retained;

  private RetainedApi(Retained retained) {
    this.retained = retained;
  }

  static void register(Router router, Cloud cloud) {
    RetainedApi api = new RetainedApi(cloud.retained());
    router.write("DELETE", "/v1/{tenant}/snapshots/{id}", "delete_snapshot", Access.TENANT_OR_SERVICE, false,
            api::deleteSnapshot)
        .write("DELETE", "/v1/{tenant}/backups/{id}", "delete_backup", Access.TENANT_OR_SERVICE, false,
            api::deleteBackup);
  }

  private Reply deleteSnapshot(Call call, Tx tx) {
    return Reply.ok(Map.of("deleted", retained.deleteSnapshot(tx, call.tenant(), call.param("id"))));
  }

  private Reply deleteBackup(Call call, Tx tx) {
    return Reply.ok(Map.of("deleted", retained.deleteBackup(tx, call.tenant(), call.param("id"))));
  }
}
