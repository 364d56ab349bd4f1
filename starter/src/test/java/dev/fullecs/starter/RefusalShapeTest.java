package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.cloud.HttpCloudClient;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 13: a request the workflow refuses (a lost lock race, F3, or its own validation, F2) is
 * reported exactly like one the starter refuses before it starts anything: one text, one JSON shape.
 */
class RefusalShapeTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static List<String> keys(JsonNode json) {
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void aRefusalByTheWorkflowAndOneByTheStarterHaveOneShape() { // F2, F3
    stack = Stack.start(dir, 0.05);
    HttpCloudClient service = new HttpCloudClient(URI.create(stack.emulator.baseUrl()), Stack.SERVICE_TOKEN);
    // Another creation takes the server exactly between the starter's checks and its start.
    WorkflowClient racing = stack.clientRunningBeforeFirstStart(
        () -> service.lockServer(Stack.TENANT, Stack.SERVER, "img-winner", "winner-lock"));

    Stack.Run byWorkflow = stack.create(racing, "lost-1", "web-lost", "--wait", "--json");
    Stack.Run byStarter = stack.create("refused-1", "web-refused", "--json");

    assertThat(byWorkflow.exitCode()).as(byWorkflow.toString()).isEqualTo(2);
    assertThat(byStarter.exitCode()).as(byStarter.toString()).isEqualTo(2);
    JsonNode a = byWorkflow.json();
    JsonNode b = byStarter.json();
    assertThat(keys(a)).containsExactlyElementsOf(keys(b)).contains("workflow_id", "status", "exit_code", "violations");
    assertThat(a.path("status").asText()).isEqualTo("REFUSED");
    assertThat(b.path("status").asText()).isEqualTo("REFUSED");
    assertThat(a.path("exit_code").asInt()).isEqualTo(2);
    assertThat(a.path("violations")).isEqualTo(b.path("violations"));
    assertThat(a.path("violations").findValuesAsText("code")).containsExactly("ECS_LOCKED");
    assertThat(a.path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "lost-1"));
    assertThat(b.path("workflow_id").asText()).isEqualTo(ImageWorkflows.workflowId(Stack.TENANT, "refused-1"));

    Stack.Run watched = stack.user("watch", "lost-1");
    Stack.Run refusedText = stack.create("refused-2", "web-refused");
    String head = "refused: 1 rule is broken, nothing was changed:";
    String violation = "  ECS_LOCKED: server ecs-web-01 is locked by image img-winner while it is being created";
    assertThat(watched.exitCode()).isEqualTo(2);
    assertThat(watched.out().lines()).contains(head, violation);
    assertThat(refusedText.out().lines()).contains(head, violation);
  }
}
