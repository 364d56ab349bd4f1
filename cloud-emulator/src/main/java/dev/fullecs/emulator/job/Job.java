package dev.fullecs.emulator.job;

import dev.fullecs.emulator.store.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * An asynchronous job of an image or server service, as Huawei's ECS and IMS hand one out (a job id
 * to poll). It keeps only what it works on: its status follows from those resources and the clock.
 */
public class Job implements Resource {
  public String id;
  public String tenant;
  /** {@code ecs} or {@code ims}: the service that runs it. */
  public String service;
  /** What it does: {@code createServer}, {@code changeOS}, {@code createWholeImage}, {@code copyImageCrossRegion}, {@code batchAddMembers}. */
  public String type;
  /** The servers it creates or changes (ECS jobs). */
  public List<String> serverIds = new ArrayList<>();
  /** The image it makes (IMS jobs that make one), or null. */
  public String imageId;
  public long beginMs;

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public String id() {
    return id;
  }
}
