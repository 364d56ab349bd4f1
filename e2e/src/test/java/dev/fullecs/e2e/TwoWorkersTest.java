package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scaling out: two worker processes on one task queue share ten creations, each ends with its own resources. */
@ExtendWith(WallTime.class)
class TwoWorkersTest {
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(Stack.dev().workers(2).emulatorOptions("--time-scale", "0.2"));

  @Test
  void twoWorkersShareTenCreationsAndEachImageHasExactlyItsOwnResources(Stack stack) throws Exception {
    workersShareCreations(stack, 10);
  }

  /**
   * {@code count} creations of generated servers, started by three starter processes at a time:
   * each completes with exactly its own server's resources, and every worker of the stack ran
   * activities. Also the cluster's scenario ({@link ClusterThreeWorkersTest}).
   */
  static void workersShareCreations(Stack stack, int count) throws Exception {
    JsonNode generated = stack.cloud().generate(count, 2);
    List<String> servers = CloudApi.list(generated.path("server_ids")).stream().map(JsonNode::asText).toList();
    String vault = generated.path("vault_id").asText();
    assertThat(servers).hasSize(count);

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

    for (String worker : stack.workerNames()) {
      long activities = Processes.countLines(stack.log(worker), "activity ");
      System.out.printf("[e2e] activity log lines: %s %d%n", worker, activities);
      assertThat(activities).as("%s ran activities", worker).isPositive();
    }
  }
}
