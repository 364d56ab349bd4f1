package dev.fullecs.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The creation workflow on Temporal's in-process test server, with a {@link FakeCloud} behind both
 * of its task queues, and the helpers the workflow tests share.
 */
final class CreationTestEnv implements AutoCloseable {
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeCloud cloud;

  private CreationTestEnv(FakeCloud fake) {
    cloud = fake;
    env = TestWorkflowEnvironment.newInstance();
    for (var key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // Heartbeats reach the server within half a second, so a waiting step sees a cancel quickly.
    WorkerOptions options =
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(500)).build();
    Worker worker = env.newWorker(ImageWorkflows.TASK_QUEUE, options);
    worker.registerWorkflowImplementationTypes(
        FullEcsImageWorkflowImpl.class, ServerLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    Worker waits = env.newWorker(ImageWorkflows.WAITS_TASK_QUEUE, options);
    waits.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  static CreationTestEnv start(FakeCloud fake) {
    return new CreationTestEnv(fake);
  }

  @Override
  public void close() {
    env.close();
  }

  static CreateImageRequest request(String window) {
    return new CreateImageRequest(
        "cn-north-4", "tenant-a", "ecs-web-01", null, "vault-backup", "web-full", null,
        List.of(), "nightly", true, window, "req-1");
  }

  /** F17: an image from the existing CBR backup {@code backup-existing}. */
  static CreateImageRequest fromBackup(String requestId) {
    return new CreateImageRequest(
        "cn-north-4", "tenant-a", null, "backup-existing", "vault-backup", "from-backup",
        null, List.of(), null, true, null, requestId);
  }

  FullEcsImageWorkflow stub(String requestId) {
    return client.newWorkflowStub(
        FullEcsImageWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(ImageWorkflows.TASK_QUEUE)
            .setWorkflowId(ImageWorkflows.workflowId("tenant-a", requestId))
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
  }

  WorkflowStub startCreation(CreateImageRequest request) {
    FullEcsImageWorkflow wf = stub(request.clientRequestId());
    WorkflowClient.start(wf::create, request);
    return WorkflowStub.fromTyped(wf);
  }

  /** The typed stub of a running creation, for its query and Update. */
  FullEcsImageWorkflow typed(WorkflowStub run) {
    return client.newWorkflowStub(FullEcsImageWorkflow.class, run.getExecution().getWorkflowId());
  }

  /** A value of the workflow's memo, as the Web UI and describe show it. */
  <T> T memo(WorkflowStub run, String key, Class<T> type) {
    var memo =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(env.getNamespace())
                    .setExecution(run.getExecution())
                    .build())
            .getWorkflowExecutionInfo()
            .getMemo()
            .getFieldsMap();
    assertThat(memo).containsKey(key);
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(memo.get(key), type, type);
  }

  /**
   * Where the cleanup began: the first cleanup call, or the unlock that runs beside it (the unlock
   * does not wait for the image's cleanup, F14).
   */
  static int cleanupStart(List<String> calls, String cleanupCall) {
    int cleanup = calls.indexOf(cleanupCall);
    assertThat(cleanup).as("cleanup ran: %s", calls).isPositive();
    int unlock = calls.lastIndexOf("unlockEcs");
    return unlock > calls.indexOf("lockEcs") && unlock < cleanup ? unlock : cleanup;
  }

  /**
   * Holds the test until the workflow has asked to cancel the step in flight, so that the step
   * really is in flight when the cancel arrives. (Releasing it earlier races the cancel request;
   * the time-skipping test server then rejects the request, sdk-java issue 2391.)
   */
  void awaitActivityCancelRequested(WorkflowStub run) throws InterruptedException {
    String id = run.getExecution().getWorkflowId();
    for (int i = 0; i < 200; i++) {
      boolean requested =
          client.fetchHistory(id).getEvents().stream()
              .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
      if (requested) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("the workflow never asked to cancel the step in flight");
  }
}
