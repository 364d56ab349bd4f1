package dev.fullecs.contract;

import java.util.Locale;

/** The one place that owns the task queue names and how workflow ids are built (F16). */
public final class ImageWorkflows {
  public static final String TASK_QUEUE = "full-ecs-image";
  /**
   * The task queue of the steps that only wait for the cloud (a snapshot or backup being taken),
   * served by its own worker with its own slots: hours-long waits never delay the short calls, the
   * cleanup or the unlock of another creation.
   */
  public static final String WAITS_TASK_QUEUE = "full-ecs-image-waits";
  public static final String WORKFLOW_ID_PREFIX = "full-ecs-image-";
  /** Memo key set by the starter: a digest of the request, to refuse a reused request id (F16). */
  public static final String MEMO_REQUEST_DIGEST = "request_digest";
  /** Memo key written by the workflow when it stops early: a {@code Retained} (F11, F14). */
  public static final String MEMO_RETAINED = "retained";
  /**
   * Memo key written by the workflow when a creation succeeds: a {@code CreationResult}, so that
   * the Web UI's list and {@code show} tell what was made without the workflow's result (v2).
   */
  public static final String MEMO_IMAGE = "image";

  private ImageWorkflows() {}

  /** {@code full-ecs-image-<tenant>-<clientRequestId>}: one workflow per tenant and request. */
  public static String workflowId(String tenant, String clientRequestId) {
    return WORKFLOW_ID_PREFIX + tenant + "-" + clientRequestId.toLowerCase(Locale.ROOT);
  }
}
