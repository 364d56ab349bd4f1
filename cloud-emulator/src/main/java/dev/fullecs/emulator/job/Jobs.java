package dev.fullecs.emulator.job;

import dev.fullecs.emulator.image.Image;
import dev.fullecs.emulator.image.ImageCatalog;
import dev.fullecs.emulator.image.ImageStage;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.server.Server;
import dev.fullecs.emulator.store.Ids;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs an image or server service hands out for work it does on its own clock (Huawei's ECS
 * and IMS jobs). A job's status is not stored: it follows from what it works on. A job that makes
 * servers runs until every server has left BUILDING (SUCCESS) or one is in ERROR (FAIL); a job
 * that makes an image is INIT while the image is queued, RUNNING while its data is written, and
 * ends SUCCESS when the image is usable, FAIL when it is in ERROR or was deleted before it was
 * usable; a job with nothing to wait for (a change of OS, done at once, or sharing) has ended when
 * it is handed out.
 */
public final class Jobs {
  private final Store store;
  private final ImageCatalog images;

  public Jobs(Store store, ImageCatalog images) {
    this.store = store;
    this.images = images;
  }

  /** A job of {@code service} doing {@code type} for the tenant, on the servers or image given. */
  public Job start(Tx tx, String tenant, String service, String type, List<String> serverIds, String imageId) {
    Job j = new Job();
    j.id = Ids.next("job");
    j.tenant = tenant;
    j.service = service;
    j.type = type;
    j.serverIds = serverIds == null ? new ArrayList<>() : new ArrayList<>(serverIds);
    j.imageId = imageId;
    j.beginMs = tx.nowMs();
    tx.put(j);
    tx.audit(tenant, j.id, service + " job " + type + (imageId != null ? " of image " + imageId : "")
        + (j.serverIds.isEmpty() ? "" : " of servers " + j.serverIds));
    return j;
  }

  /** The tenant's job, or a refusal (JOB_NOT_FOUND). */
  public Job get(String tenant, String id) {
    Job j = store.get(Job.class, tenant, id);
    if (j == null) {
      throw Refusal.notFound("job", id);
    }
    return j;
  }

  /** The job as it is at {@code nowMs}. */
  public JobState state(Job j, long nowMs) {
    if (j.imageId != null) {
      return imageJob(j, nowMs);
    }
    if (!j.serverIds.isEmpty()) {
      return serverJob(j, nowMs);
    }
    return new JobState(JobStatus.SUCCESS, j.beginMs, 100, null);
  }

  /** One server's part of a job that makes or changes servers. */
  public JobState serverState(Job j, String serverId, long nowMs) {
    Server s = store.get(Server.class, j.tenant, serverId);
    if (s == null) {
      return new JobState(JobStatus.FAIL, j.beginMs, 0, "server " + serverId + " is gone");
    }
    Server now = s.settled(nowMs);
    switch (now.state) {
      case "BUILDING":
        long total = Math.max(1, (s.readyAtMs == null ? nowMs : s.readyAtMs) - j.beginMs);
        return new JobState(JobStatus.RUNNING, null, (int) Math.min(99, (nowMs - j.beginMs) * 100 / total), null);
      case "ERROR":
      case "DELETED":
        return new JobState(JobStatus.FAIL, nowMs, 0, "server " + serverId + " is " + now.state);
      default:
        long end = s.readyAtMs == null ? j.beginMs : Math.max(j.beginMs, s.readyAtMs);
        return new JobState(JobStatus.SUCCESS, end, 100, null);
    }
  }

  private JobState serverJob(Job j, long nowMs) {
    long end = j.beginMs;
    int percent = 0;
    for (String sid : j.serverIds) {
      JobState part = serverState(j, sid, nowMs);
      if (part.status() == JobStatus.FAIL) {
        return part;
      }
      if (part.status() == JobStatus.RUNNING) {
        return new JobState(JobStatus.RUNNING, null, part.percent(), null);
      }
      end = Math.max(end, part.endMs());
      percent = 100;
    }
    return new JobState(JobStatus.SUCCESS, end, percent, null);
  }

  private JobState imageJob(Job j, long nowMs) {
    Image stored = store.get(Image.class, j.tenant, j.imageId);
    if (stored == null) {
      return new JobState(JobStatus.FAIL, j.beginMs, 0, "image " + j.imageId + " is gone");
    }
    Image img = images.settled(stored);
    ImageStage stage = img.stage(nowMs);
    long ready = img.readyAtMs == null ? j.beginMs : img.readyAtMs;
    return switch (stage) {
      case QUEUED -> new JobState(JobStatus.INIT, null, 0, null);
      case SAVING -> new JobState(JobStatus.RUNNING, null, img.progress(nowMs), null);
      case ACTIVE -> new JobState(JobStatus.SUCCESS, ready, 100, null);
      case FAILED -> new JobState(JobStatus.FAIL, at(img.updatedAt, nowMs), 0,
          img.failureReason == null ? "the image failed" : img.failureReason);
      case DELETED -> img.readyAtMs != null && img.readyAtMs <= at(img.updatedAt, nowMs)
          // usable before it was deleted: the job had succeeded
          ? new JobState(JobStatus.SUCCESS, ready, 100, null)
          : new JobState(JobStatus.FAIL, at(img.updatedAt, nowMs), 0, "image " + img.id + " was deleted before it was ready");
    };
  }

  private static long at(String iso, long dflt) {
    try {
      return iso == null ? dflt : Instant.parse(iso).toEpochMilli();
    } catch (RuntimeException e) {
      return dflt;
    }
  }
}
