package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.assertUnlocked;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.contract.CreateImageRequest;
import dev.fullecs.contract.FullEcsImageWorkflow;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow's own input: lenient on unknown fields (a field added by a newer starter never
 * breaks a creation), and never a place for a credential.
 */
class WorkflowInputTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aWorkflowInputWithAnUnknownFieldStillCreatesTheImage() throws Exception {
    stack = Stack.start(dir, 0.05);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("region", Stack.REGION);
    input.put("tenant", Stack.TENANT);
    input.put("serverId", Stack.SERVER);
    input.put("vaultId", Stack.VAULT);
    input.put("imageName", "web-lenient");
    input.put("agreementAccepted", true);
    input.put("clientRequestId", "lenient-1");
    input.put("fieldFromTheFuture", Map.of("anything", 1));
    WorkflowStub stub = stack.client().newUntypedWorkflowStub("FullEcsImageWorkflow",
        WorkflowOptions.newBuilder().setTaskQueue(ImageWorkflows.TASK_QUEUE)
            .setWorkflowId(ImageWorkflows.workflowId(Stack.TENANT, "lenient-1")).build());

    stub.start(input);
    JsonNode result = stub.getResult(120, TimeUnit.SECONDS, JsonNode.class);

    String imageId = result.path("imageId").asText(result.path("image_id").asText());
    assertThat(imageId).as(result.toString()).isNotBlank();
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("NORMAL");
    assertThat(stack.cloud.image(imageId).path("name").asText()).isEqualTo("web-lenient");
    assertUnlocked(stack.cloud, Stack.SERVER);
  }

  /** Issue 8: the worker takes credentials from its environment or a file, never from the input. */
  @Test
  void theWorkflowInputHasNoCredentialField() {
    String[] names = Arrays.stream(CreateImageRequest.class.getRecordComponents())
        .map(RecordComponent::getName).toArray(String[]::new);
    assertThat(names).isNotEmpty().noneMatch(n -> n.toLowerCase().matches(".*(token|credential|secret|password|apikey|api_key|auth).*"));
    for (Method m : FullEcsImageWorkflow.class.getMethods()) {
      assertThat(m.getParameterTypes()).as(m.getName()).allMatch(t -> t == CreateImageRequest.class || t == String.class);
    }
  }
}
