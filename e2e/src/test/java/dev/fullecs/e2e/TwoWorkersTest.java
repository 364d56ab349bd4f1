package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scaling out: two worker processes on one task queue share ten creations, each ends with its own resources. */
@ExtendWith(WallTime.class)
class TwoWorkersTest {
  static RealStack stack;

  @BeforeAll
  static void up() {
    stack = RealStack.start("two-workers", "--time-scale", "0.2");
    stack.startWorker("worker-2");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void twoWorkersShareTenCreationsAndEachImageHasExactlyItsOwnResources() throws Exception {
    JsonNode generated = stack.cloud("POST", "/admin/generate",
        "{\"tenant\":\"tenant-a\",\"count\":10,\"data_disks\":2}");
    List<String> servers = RealStack.list(generated.path("server_ids")).stream().map(JsonNode::asText).toList();
    String vault = generated.path("vault_id").asText();
    assertThat(servers).hasSize(10);

    ExecutorService starters = Executors.newFixedThreadPool(3);
    List<Future<String>> started = new ArrayList<>();
    for (String server : servers) {
      started.add(starters.submit(() -> stack.create("scale-" + server, server, vault, "img-of-" + server)));
    }
    List<String> workflowIds = new ArrayList<>();
    for (Future<String> f : started) {
      workflowIds.add(f.get());
    }
    starters.shutdown();

    for (int i = 0; i < servers.size(); i++) {
      assertThat(Creations.awaitClosed(stack, workflowIds.get(i), Duration.ofSeconds(180)))
          .as(workflowIds.get(i)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }
    List<String> images = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      String imageId = Creations.imageId(stack, workflowIds.get(i));
      CloudChecks.assertCompleteImage(stack, imageId, servers.get(i));
      images.add(imageId);
    }
    assertThat(images).doesNotHaveDuplicates();

    long first = RealStack.countLines(stack.log("worker-1"), "activity ");
    long second = RealStack.countLines(stack.log("worker-2"), "activity ");
    System.out.printf("[e2e] activity log lines: worker-1 %d, worker-2 %d%n", first, second);
    assertThat(first).as("worker-1 ran activities").isPositive();
    assertThat(second).as("worker-2 ran activities").isPositive();
  }
}
