package dev.fullecs.workflows.provision;

import dev.fullecs.contract.FailureType;
import dev.fullecs.provision.ProvisionActivities;
import dev.fullecs.provision.ProvisionTarget;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import dev.fullecs.workflows.RetryPolicies;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Validate, create every server at once (each idempotent by workflow id, first run id and index),
 * wait for each to be RUNNING. A permanent failure or a cancel deletes what this run created, in a
 * detached scope retried until done, and the workflow still ends failed or cancelled.
 */
public class ProvisionFromImageWorkflowImpl implements ProvisionFromImageWorkflow {
  private static final Logger log = Workflow.getLogger(ProvisionFromImageWorkflowImpl.class);


  private final ProvisionActivities cloud =
      Workflow.newActivityStub(ProvisionActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(RetryPolicies.CLOUD_RETRY).build());
  // Restoring large disks can take long; the heartbeat shows a lost worker within 30 s.
  private final ProvisionActivities waiting =
      Workflow.newActivityStub(ProvisionActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(6))
              .setHeartbeatTimeout(Duration.ofSeconds(30)).setRetryOptions(RetryPolicies.CLOUD_RETRY).build());
  private final ProvisionActivities cleanup =
      Workflow.newActivityStub(ProvisionActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).setRetryOptions(RetryPolicies.UNTIL_DONE).build());

  private final List<ServerProgress> servers = new ArrayList<>();

  @Override
  public List<ServerProgress> progress() {
    return List.copyOf(servers);
  }

  @Override
  public ProvisionResult provision(ProvisionRequest r) {
    if (r.count() < 1 || r.count() > 100) {
      throw ApplicationFailure.newNonRetryableFailure(
          "count must be between 1 and 100, got " + r.count(), FailureType.VALIDATION_FAILED.name());
    }
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.TENANT_ID, r.tenant()),
        SearchAttributeUpdate.valueSet(SearchAttributes.IMAGE_ID, r.imageId()));
    for (int i = 1; i <= r.count(); i++) {
      servers.add(new ServerProgress(i, r.namePrefix() + "-" + i, null, "PENDING"));
    }
    ProvisionTarget target = cloud.checkImage(r.tenant(), r.imageId(), r.az());
    Workflow.upsertTypedSearchAttributes(
        SearchAttributeUpdate.valueSet(SearchAttributes.REGION, target.region()));

    String keyBase = Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getFirstExecutionRunId();
    List<Promise<Void>> all = new ArrayList<>();
    CancellationScope work = Workflow.newCancellationScope(() -> {
      for (int i = 1; i <= r.count(); i++) {
        int index = i;
        all.add(Async.procedure(() -> provisionOne(r, index, keyBase)));
      }
    });
    work.run();
    try {
      Promise.allOf(all).get();
      for (Promise<Void> p : all) {
        p.get();
      }
      return new ProvisionResult(r.imageId(), r.az(), progress());
    } catch (RuntimeException e) {
      work.cancel(); // the other servers' steps stop; what they made is deleted below
      log.info("provisioning failed or was cancelled; deleting the servers this run created: {}", e.getMessage());
      Workflow.newDetachedCancellationScope(() -> deleteCreated(r, keyBase)).run();
      throw e;
    }
  }

  private void provisionOne(ProvisionRequest r, int index, String keyBase) {
    ServerProgress p = servers.get(index - 1);
    set(index, p.serverId(), "CREATING");
    String id = cloud.createServer(r.tenant(), p.name(), r.imageId(), r.az(), createKey(keyBase, index));
    set(index, id, "BUILDING");
    waiting.waitRunning(r.tenant(), id);
    set(index, id, "RUNNING");
  }

  private static String createKey(String keyBase, int index) {
    return keyBase + "/server-" + index;
  }

  private void set(int index, String serverId, String state) {
    ServerProgress p = servers.get(index - 1);
    servers.set(index - 1, new ServerProgress(index, p.name(), serverId, state));
    Workflow.setCurrentDetails(details());
  }

  /** The servers as a markdown table for the Web UI's "current details" (not a command: replay-safe). */
  private String details() {
    StringBuilder b = new StringBuilder("| server | id | state |\n|---|---|---|\n");
    for (ServerProgress p : servers) {
      b.append("| ").append(p.name()).append(" | ").append(p.serverId() == null ? "-" : p.serverId())
          .append(" | ").append(p.state()).append(" |\n");
    }
    return b.toString();
  }

  /** Every server this run created or may have created (a create in flight), deleted, in parallel. */
  private void deleteCreated(ProvisionRequest r, String keyBase) {
    List<Promise<Void>> all = new ArrayList<>();
    for (ServerProgress p : List.copyOf(servers)) {
      String deleteKey = keyBase + "/delete-" + p.index();
      if (p.serverId() != null) {
        set(p.index(), p.serverId(), "DELETING");
        all.add(Async.procedure(() -> {
          cleanup.deleteServer(r.tenant(), p.serverId(), deleteKey);
          set(p.index(), p.serverId(), "DELETED");
        }));
      } else if ("CREATING".equals(p.state())) {
        set(p.index(), null, "DELETING");
        all.add(Async.procedure(() -> {
          cleanup.deleteServerMadeByKey(r.tenant(), p.name(), r.imageId(), r.az(), createKey(keyBase, p.index()), deleteKey);
          set(p.index(), null, "DELETED");
        }));
      }
    }
    Promise.allOf(all).get();
  }
}
