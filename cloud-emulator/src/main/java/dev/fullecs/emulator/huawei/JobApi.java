package dev.fullecs.emulator.huawei;

import dev.fullecs.emulator.cloud.Cloud;
import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.http.Reply;
import dev.fullecs.emulator.http.Router;
import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.job.Job;
import dev.fullecs.emulator.job.JobState;
import dev.fullecs.emulator.job.JobStatus;
import dev.fullecs.emulator.job.Jobs;
import dev.fullecs.emulator.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/{project_id}/jobs/{job_id}}: ECS's and IMS's ShowJob share this path; a job is shown
 * as the service that handed it out shows it (ECS: sub-jobs per server; IMS: {@code entities.image_id},
 * {@code process_percent}). Status INIT, RUNNING, SUCCESS or FAIL, as {@link Jobs} derives it.
 */
final class JobApi {
  private final Jobs jobs;
  private final Store store;

  private JobApi(Jobs jobs, Store store) {
    this.jobs = jobs;
    this.store = store;
  }

  static void register(Router router, Cloud cloud) {
    JobApi api = new JobApi(cloud.jobs(), cloud.store());
    router.get("/v1/{project_id}/jobs/{job_id}", "show_job", Access.TENANT_OR_SERVICE, api::show);
  }

  private Reply show(Call call) {
    Job j = jobs.get(call.tenant(), call.param("job_id"));
    long now = store.nowMs();
    JobState state = jobs.state(j, now);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("status", state.status().name());
    v.put("job_id", j.id);
    v.put("job_type", j.type);
    v.put("begin_time", Wire.iso(j.beginMs));
    v.put("end_time", Wire.iso(state.endMs()));
    v.put("error_code", state.status() == JobStatus.FAIL ? "JOB_FAILED" : null);
    v.put("fail_reason", state.failReason());
    v.put("entities", "ecs".equals(j.service) ? ecsEntities(j, now) : imsEntities(j, state));
    return Reply.ok(v);
  }

  private Map<String, Object> ecsEntities(Job j, long now) {
    List<Map<String, Object>> subJobs = new ArrayList<>();
    for (int i = 0; i < j.serverIds.size(); i++) {
      String serverId = j.serverIds.get(i);
      JobState part = jobs.serverState(j, serverId, now);
      Map<String, Object> sub = new LinkedHashMap<>();
      sub.put("status", part.status().name());
      sub.put("entities", Map.of("server_id", serverId));
      sub.put("job_id", j.id + "-" + (i + 1));
      sub.put("job_type", "createServer".equals(j.type) ? "createSingleServer" : j.type);
      sub.put("begin_time", Wire.iso(j.beginMs));
      sub.put("end_time", Wire.iso(part.endMs()));
      sub.put("error_code", part.status() == JobStatus.FAIL ? "JOB_FAILED" : null);
      sub.put("fail_reason", part.failReason());
      subJobs.add(sub);
    }
    Map<String, Object> e = new LinkedHashMap<>();
    if (j.serverIds.size() == 1) {
      e.put("server_id", j.serverIds.get(0));
    }
    e.put("sub_jobs_total", subJobs.size());
    e.put("sub_jobs", subJobs);
    return e;
  }

  private Map<String, Object> imsEntities(Job j, JobState state) {
    Map<String, Object> e = new LinkedHashMap<>();
    if (j.imageId != null) {
      Image img = store.get(Image.class, j.tenant, j.imageId);
      e.put("image_id", j.imageId);
      e.put("image_name", img == null ? null : img.name);
      e.put("process_percent", (double) state.percent());
    } else {
      e.put("results", List.of(Map.of("status", "success")));
    }
    return e;
  }
}
