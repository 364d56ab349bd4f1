package dev.fullecs.emulator.api;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.timing.Task;
import dev.fullecs.emulator.wait.TaskWaits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wait for many snapshots and backups at once: {@code POST /v1/{tenant}/tasks/wait?wait_seconds=N}
 * with the ids in the body. A POST only because the ids do not fit in a URL; it changes nothing.
 */
public final class TaskApi {
  private final TaskWaits waits;

  private TaskApi(TaskWaits waits) {
    this.waits = waits;
  }

  static void register(Router router, Cloud cloud) {
    TaskApi api = new TaskApi(new TaskWaits(cloud.store()));
    router.call("POST", "/v1/{tenant}/tasks/wait", "wait_tasks", Access.TENANT_OR_SERVICE, api::await);
  }

  /** Body of {@code POST /tasks/wait}. */
  public static class WaitBody {
    public List<String> snapshotIds = new ArrayList<>();
    public List<String> backupIds = new ArrayList<>();
    /** Images whose deletion ends the wait too (F11a). */
    public List<String> imageIds = new ArrayList<>();
  }

  private Reply await(Call call) {
    WaitBody body = call.body(WaitBody.class);
    TaskWaits.Found found = waits.await(call.tenant(), orEmpty(body.snapshotIds), orEmpty(body.backupIds),
        orEmpty(body.imageIds), call.intQuery("wait_seconds", 0));
    long now = found.nowMs();
    List<Map<String, Object>> running = new ArrayList<>();
    for (Map.Entry<String, Task> e : found.running().entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", e.getKey());
      r.put("status", e.getValue().status(now));
      r.put("progress", e.getValue().progress(now));
      running.add(r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("snapshots", found.finishedSnapshots().stream().map(s -> SnapshotApi.view(s, now)).toList());
    out.put("backups", found.finishedBackups().stream().map(b -> BackupApi.view(b, now)).toList());
    out.put("running", running);
    out.put("not_found", found.notFound());
    out.put("deleted_images", found.deletedImages());
    return Reply.ok(out);
  }

  private static List<String> orEmpty(List<String> ids) {
    return ids == null ? List.of() : ids;
  }
}
