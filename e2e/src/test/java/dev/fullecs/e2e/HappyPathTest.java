package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributeKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The starter creates an image on the real dev server; visibility finds it by its search attributes. */
@ExtendWith(WallTime.class)
class HappyPathTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(Stack.dev().emulatorOptions("--time-scale", "0.2"));

  @Test
  void createWaitsForANormalImageThatTemporalListsByEcsId(Stack stack) {
    CliResult r = stack.starter("create", "--region", Stack.REGION, "--server", "ecs-web-01",
        "--vault", "vault-backup", "--name", "web-01-e2e", "--accept-disclaimer", "--request-id", "happy-1",
        "--wait", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode out = r.json();
    String workflowId = out.path("workflow_id").asText();
    String imageId = out.path("result").path("image_id").asText();
    assertThat(out.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(imageId).startsWith("img-");

    CloudChecks.assertCompleteImage(stack, imageId, "ecs-web-01");

    String query = "EcsId=\"ecs-web-01\"";
    // temporal workflow list, as a user types it
    CliResult listed = stack.temporal("workflow", "list", "--query", query, "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    List<String> ids = CloudApi.list(listed.json()).stream()
        .map(w -> w.path("execution").path("workflowId").asText()).toList();
    assertThat(ids).containsExactly(workflowId);

    // the Java client's listExecutions with the same query
    List<WorkflowExecutionMetadata> found = stack.client().listExecutions(query).toList();
    assertThat(found).hasSize(1);
    WorkflowExecutionMetadata m = found.get(0);
    assertThat(m.getExecution().getWorkflowId()).isEqualTo(workflowId);
    assertThat(m.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(m.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("ImageId"))).isEqualTo(imageId);
    assertThat(m.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("ImageStatus"))).isEqualTo("NORMAL");
    assertThat(m.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("TenantId"))).isEqualTo(Stack.TENANT);

    // and by the image's status, as the README tells users to filter
    assertThat(stack.client().listExecutions("ImageStatus=\"NORMAL\" AND ImageId=\"" + imageId + "\"").count())
        .isEqualTo(1);
    CliResult starterList = stack.starter("list", "--json");
    assertThat(starterList.exitCode()).as(starterList.toString()).isZero();
    assertThat(starterList.out()).contains(workflowId);
  }
}
