package dev.fullecs.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that owns the task queue names and how workflow ids are built from a tenant and a
 * client request id (F16, F22).
 *
 * <p>An id is {@code <kind>:<tenant>:<request id>}. A tenant never contains ':', so the first ':'
 * after the kind ends the tenant: two different pairs of valid tenant and request id never give
 * the same id, whatever either of them chose. Ids made before issue 12 ({@code
 * full-ecs-image-<tenant>-<request id>}) could collide across tenants; {@link #legacyWorkflowId}
 * and its siblings build them so that the starter still finds the creations started under them.
 */
public final class ImageWorkflows {
  public static final String TASK_QUEUE = "full-ecs-image";
  /**
   * The task queue where creations scheduled their waits for the cloud (a snapshot or backup being
   * taken) until issue 15; they now schedule them on {@link #TASK_QUEUE}, since a wait holds a slot
   * only for one read of the cloud. Still served by every worker, so that the waits scheduled here
   * (and retried here after a worker is lost) finish.
   */
  public static final String WAITS_TASK_QUEUE = "full-ecs-image-waits";
  public static final String WORKFLOW_ID_PREFIX = "full-ecs-image:";
  public static final String PROVISION_ID_PREFIX = "provision:";
  public static final String REPLICATE_ID_PREFIX = "replicate:";
  /** {@link ServerLockWorkflow}s: who holds a server where the cloud's lock has no holder. */
  public static final String SERVER_LOCK_ID_PREFIX = "server-lock:";
  /** A tenant (project) id: 1 to 64 letters, digits, '.', '_' or '-'; never ':'. */
  public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** A client request id: 1 to 128 letters, digits, '.', '_', '-' or ':'. */
  public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** What {@link #TENANT} allows, for messages. */
  public static final String TENANT_RULE = "1 to 64 letters, digits, '.', '_' or '-'";
  /** Memo key written by the workflow when it stops early: a {@code Retained} (F11, F14). */
  public static final String MEMO_RETAINED = "retained";
  /**
   * Memo key written by the workflow when a creation succeeds: a {@code CreationResult}, so that
   * the Web UI's list and {@code show} tell what was made without the workflow's result (v2).
   */
  public static final String MEMO_IMAGE = "image";

  private ImageWorkflows() {}

  public static boolean isValidTenant(String tenant) {
    return tenant != null && TENANT.matcher(tenant).matches();
  }

  /** {@code full-ecs-image:<tenant>:<clientRequestId>}: one creation per tenant and request. */
  public static String workflowId(String tenant, String clientRequestId) {
    return WORKFLOW_ID_PREFIX + tenant + ":" + clientRequestId;
  }

  /** {@code provision:<tenant>:<clientRequestId>}: one provisioning per tenant and request (F18). */
  public static String provisionWorkflowId(String tenant, String clientRequestId) {
    return PROVISION_ID_PREFIX + tenant + ":" + clientRequestId;
  }

  /** {@code replicate:<tenant>:<clientRequestId>}: one replication per tenant and request (F20). */
  public static String replicateWorkflowId(String tenant, String clientRequestId) {
    return REPLICATE_ID_PREFIX + tenant + ":" + clientRequestId;
  }

  /**
   * {@code server-lock:<tenant>:<serverId>}: at most one {@link ServerLockWorkflow} runs per
   * server, whichever creation started it.
   */
  public static String serverLockWorkflowId(String tenant, String serverId) {
    return SERVER_LOCK_ID_PREFIX + tenant + ":" + serverId;
  }

  /**
   * The tenant a workflow id of this format names ({@code kind:tenant:...}), or null when {@code
   * workflowId} does not start with {@code prefix} or names no tenant.
   */
  public static String tenantOf(String prefix, String workflowId) {
    if (workflowId == null || !workflowId.startsWith(prefix)) {
      return null;
    }
    int end = workflowId.indexOf(':', prefix.length());
    return end < 0 ? null : workflowId.substring(prefix.length(), end);
  }

  /** The creation id used before issue 12; ambiguous across tenants and lowercased. */
  public static String legacyWorkflowId(String tenant, String clientRequestId) {
    return "full-ecs-image-" + tenant + "-" + clientRequestId.toLowerCase(Locale.ROOT);
  }

  /** The provisioning id used before issue 12; ambiguous across tenants. */
  public static String legacyProvisionWorkflowId(String tenant, String clientRequestId) {
    return "provision-" + tenant + "-" + clientRequestId;
  }

  /** The replication id used before issue 12; ambiguous across tenants. */
  public static String legacyReplicateWorkflowId(String tenant, String clientRequestId) {
    return "replicate-" + tenant + "-" + clientRequestId;
  }
}
