package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.imagesOf;
import static dev.fullecs.starter.CloudAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import dev.fullecs.contract.SearchAttributes;
import dev.fullecs.workflows.provision.ProvisionFromImageWorkflow;
import dev.fullecs.workflows.provision.ProvisionRequest;
import dev.fullecs.workflows.provision.ReplicateImageWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F16 and F22 through the starter: a request id names one request of one tenant, whoever started
 * it, and after a failure it starts a fresh attempt that can succeed.
 */
class RequestIdTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** The request {@code create} makes for {@link Stack#create} with this name. */
  static CreateImageRequest request(String tenant, String requestId, String name) {
    return new CreateImageRequest(Stack.REGION, tenant, Stack.SERVER, null, Stack.VAULT, name, "default",
        List.of(), null, true, null, requestId);
  }

  /** Starts the workflow as {@code temporal workflow start} or the Web UI would: no memo, no search attribute. */
  FullEcsImageWorkflow startDirectly(String workflowId, String taskQueue, CreateImageRequest request,
      io.temporal.common.SearchAttributes attributes) {
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId);
    if (attributes != null) {
      options.setTypedSearchAttributes(attributes);
    }
    FullEcsImageWorkflow wf = stack.client().newWorkflowStub(FullEcsImageWorkflow.class, options.build());
    WorkflowClient.start(wf::create, request);
    return wf;
  }

  @Test
  void aCreationStartedWithoutTheStarterIsCheckedAgainstItsOwnRequest() { // F16, defect 12
    stack = Stack.start(dir, 0.05);
    startDirectly(ImageWorkflows.workflowId(Stack.TENANT, "direct-1"), ImageWorkflows.TASK_QUEUE,
        request(Stack.TENANT, "direct-1", "web-direct"), null);

    Stack.Run other = stack.create("direct-1", "web-other", "--json");

    assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
    assertThat(other.err()).contains("request id direct-1 was already used for a different request")
        .contains("use a new request id");
    assertThat(other.json().path("status").asText()).isEqualTo("REFUSED");

    Stack.Run same = stack.create("direct-1", "web-direct", "--wait", "--json");
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.json().path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "direct-1"));
    assertThat(imagesOf(stack.cloud, Stack.SERVER)).singleElement()
        .satisfies(i -> assertThat(i.path("name").asText()).isEqualTo("web-direct"));
  }

  @Test
  void aProvisioningOrReplicationStartedWithoutTheStarterIsCheckedAgainstItsOwnRequest() { // F16
    stack = Stack.start(dir, 0.05);
    // Started directly on a task queue no worker polls: they stay RUNNING and change nothing.
    ProvisionFromImageWorkflow provision = stack.client().newWorkflowStub(ProvisionFromImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("nobody-polls")
            .setWorkflowId(ImageWorkflows.provisionWorkflowId(Stack.TENANT, "p-1")).build());
    WorkflowClient.start(provision::provision,
        new ProvisionRequest(Stack.TENANT, "img-existing", "cn-north-4a", 1, "web", "p-1"));
    ReplicateImageWorkflow replicate = stack.client().newWorkflowStub(ReplicateImageWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("nobody-polls")
            .setWorkflowId(ImageWorkflows.replicateWorkflowId(Stack.TENANT, "r-1")).build());
    WorkflowClient.start(replicate::replicate, Stack.TENANT, "img-existing", "cn-east-3");

    Stack.Run twoServers = stack.user("provision", "img-existing", "--az", "cn-north-4a", "--count", "2",
        "--name", "web", "--request-id", "p-1");
    Stack.Run otherRegion = stack.user("replicate", "img-existing", "--region", "cn-south-1", "--request-id", "r-1");

    assertThat(twoServers.exitCode()).as(twoServers.toString()).isEqualTo(2);
    assertThat(twoServers.err()).contains("request id p-1 was already used for a different request (provisioning "
        + ImageWorkflows.provisionWorkflowId(Stack.TENANT, "p-1") + ")");
    assertThat(otherRegion.exitCode()).as(otherRegion.toString()).isEqualTo(2);
    assertThat(otherRegion.err()).contains("request id r-1 was already used for a different request (replication "
        + ImageWorkflows.replicateWorkflowId(Stack.TENANT, "r-1") + ")");
  }

  @Test
  void twoCreatesWithOneRequestIdAndDifferentBodiesOneSucceedsTheOtherIsRefused() { // F16, defect 8
    stack = Stack.start(dir, 0.05);
    Stack.Run[] winner = new Stack.Run[1];
    // The other starter starts its creation exactly between this starter's checks and its start.
    WorkflowClient racing = stack.clientRunningBeforeFirstStart(
        () -> winner[0] = stack.create("race-1", "web-race-winner"));

    Stack.Run loser = stack.create(racing, "race-1", "web-race-loser", "--json");

    assertThat(winner[0].exitCode()).as(winner[0].toString()).isZero();
    assertThat(loser.exitCode()).as(loser.toString()).isEqualTo(2);
    assertThat(loser.err()).contains("request id race-1 was already used for a different request");
    Stack.Run followed = stack.user("watch", "race-1", "--json");
    assertThat(followed.exitCode()).as(followed.toString()).isZero();
    assertThat(imagesOf(stack.cloud, Stack.SERVER)).singleElement()
        .satisfies(i -> assertThat(i.path("name").asText()).isEqualTo("web-race-winner"));
  }

  @Test
  void afterAFailureTheSameRequestIdStartsAFreshAttemptThatSucceeds() { // F14, F16, defect 9
    stack = Stack.start(dir, 0.05);
    stack.setFaults("{\"operations\":{\"create_backup\":{\"p_task_error\":1}}}");
    Stack.Run failed = stack.create("again-1", "web-again", "--wait", "--json");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    JsonNode first = imagesOf(stack.cloud, Stack.SERVER).get(0);
    assertThat(first.path("status").asText()).isEqualTo("ERROR");
    stack.setFaults("{\"operations\":{}}");

    Stack.Run again = stack.create("again-1", "web-again", "--wait", "--json");

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.json().path("run_id").asText()).isNotEqualTo(failed.json().path("run_id").asText());
    String imageId = again.json().path("result").path("image_id").asText();
    assertThat(imageId).isNotEqualTo(first.path("id").asText());
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("NORMAL");
    JsonNode old = stack.cloud.image(first.path("id").asText());
    assertThat(old.path("status").asText()).isEqualTo("DELETED");
    assertThat(old.path("retained_note").asText()).contains("replaced by a fresh attempt (image " + imageId + ")");
    // F11: the failed attempt's snapshots and backup are kept.
    assertThat(stack.cloud.backup(old.path("backup_id").asText()).path("status").asText()).isEqualTo("error");
    for (String snapshot : texts(old.path("snapshot_ids"))) {
      assertThat(stack.cloud.snapshot(snapshot).path("status").asText()).isEqualTo("available");
    }
    assertThat(texts(old.path("snapshot_ids"))).hasSize(3);
  }

  @Test
  void anotherTenantsCreationUnderALegacyIdNeitherAnswersNorBlocksARequestId() { // F22, defect 11
    stack = Stack.start(dir, 0.05);
    // Before issue 12, tenant "tenant" with request id "a-x" and tenant-a with "x" shared this id.
    // (On a task queue no worker polls: it stays RUNNING.)
    startDirectly("full-ecs-image-tenant-a-x", "nobody-polls", request("tenant", "a-x", "web-x"),
        io.temporal.common.SearchAttributes.newBuilder().set(SearchAttributes.TENANT_ID, "tenant").build());

    Stack.Run run = stack.create("x", "web-x", "--wait", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.json().path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "x"));
    assertThat(run.json().path("workflow_id").asText()).isNotEqualTo("full-ecs-image-tenant-a-x");
  }

  @Test
  void aCreationUnderItsLegacyIdStaysFindableByItsRequestId() throws Exception { // F16, defect 11
    stack = Stack.start(dir, 0.05);
    String legacy = "full-ecs-image-tenant-a-legacy-1";
    startDirectly(legacy, ImageWorkflows.TASK_QUEUE, request(Stack.TENANT, "legacy-1", "web-legacy"),
        io.temporal.common.SearchAttributes.newBuilder().set(SearchAttributes.TENANT_ID, Stack.TENANT).build());
    stack.client().newUntypedWorkflowStub(legacy).getResult(60, TimeUnit.SECONDS, Object.class);

    Stack.Run show = stack.user("show", "legacy-1", "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.json().path("creation").path("workflow_id").asText()).isEqualTo(legacy);
    Stack.Run same = stack.create("legacy-1", "web-legacy", "--json");
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.json().path("workflow_id").asText()).isEqualTo(legacy);
    assertThat(same.json().path("result").path("image_id").asText()).isEqualTo(show.json().path("image").path("id").asText());
    Stack.Run other = stack.create("legacy-1", "web-legacy-2", "--json");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
    assertThat(other.err()).contains("request id legacy-1 was already used for a different request");
    assertThat(stack.user("watch", "legacy-1").exitCode()).isZero();
    // The legacy id was lowercased: "Legacy-1" is another request, with its own creation.
    Stack.Run upper = stack.create("Legacy-1", "web-legacy-upper", "--json");
    assertThat(upper.exitCode()).as(upper.toString()).isZero();
    assertThat(upper.json().path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "Legacy-1"));
  }
}
