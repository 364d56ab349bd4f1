package dev.fullecs.workflows;

import java.util.Locale;

/** The one place that owns the task queue name and how workflow ids are built (F16). */
public final class ImageWorkflows {
  public static final String TASK_QUEUE = "full-ecs-image";
  public static final String WORKFLOW_ID_PREFIX = "full-ecs-image-";

  private ImageWorkflows() {}

  /** {@code full-ecs-image-<tenant>-<clientRequestId>}: one workflow per tenant and request. */
  public static String workflowId(String tenant, String clientRequestId) {
    return WORKFLOW_ID_PREFIX + tenant + "-" + clientRequestId.toLowerCase(Locale.ROOT);
  }
}
