package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CliResult;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Processes;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * F18-F20 on the real dev server with real processes: clones provisioned from a full-ECS image
 * survive a kill -9 of the only worker while they build, then change-os and cross-region
 * replication, all through the starter jar.
 */
@ExtendWith(WallTime.class)
class CloneStoryTest {
  private static final String CLONES = "provision:" + Stack.TENANT + ":clones-1";

  // snapshots 3 s, backups and server restores 15 s: long enough to kill a worker during a restore
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.dev().emulatorOptions("--fixed-snapshot-seconds", "3", "--fixed-backup-seconds", "15"));

  private static List<String> diskShapes(JsonNode server) {
    List<String> shapes = new ArrayList<>();
    server.path("disks").forEach(d -> shapes.add(d.path("role").asText() + "/" + d.path("size_gib").asInt()));
    return shapes;
  }

  private static List<JsonNode> serversNamed(Stack stack, String prefix) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode s : stack.cloud().servers()) {
      if (s.path("name").asText().startsWith(prefix)) {
        found.add(s);
      }
    }
    return found;
  }

  @Test
  void clonesSurviveAWorkerKilledWhileTheyBuildThenChangeOsAndReplication(Stack stack) {
    CliResult created = stack.starter("create", "--region", Stack.REGION, "--server", "ecs-web-01",
        "--vault", "vault-backup", "--name", "web-golden", "--accept-disclaimer", "--request-id", "golden-1",
        "--wait", "--json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String imageId = created.json().path("result").path("image_id").asText();
    JsonNode source = stack.cloud().server("ecs-web-01");

    // Without --wait, provision returns once the workflow has passed validation.
    CliResult started = stack.starter("provision", imageId, "--az", "cn-north-4b", "--count", "2",
        "--name", "web-clone", "--request-id", "clones-1");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    Processes.waitFor("both clones are building", Duration.ofSeconds(30), null,
        () -> serversNamed(stack, "web-clone-").size() == 2
            && serversNamed(stack, "web-clone-").stream().allMatch(s -> s.path("state").asText().equals("BUILDING")));
    stack.kill9("worker-1");
    assertThat(stack.addWorker()).isEqualTo("worker-2");

    // The same request id follows the same provisioning to its end.
    CliResult done = stack.starter("provision", imageId, "--az", "cn-north-4b", "--count", "2",
        "--name", "web-clone", "--request-id", "clones-1", "--wait", "--json");
    assertThat(done.exitCode()).as(done.toString()).isZero();
    assertThat(done.json().path("servers")).hasSize(2);
    List<JsonNode> clones = serversNamed(stack, "web-clone-");
    assertThat(clones).as("no server made twice").hasSize(2);
    for (JsonNode clone : clones) {
      assertThat(clone.path("state").asText()).isEqualTo("RUNNING");
      assertThat(clone.path("az").asText()).isEqualTo("cn-north-4b");
      assertThat(diskShapes(clone)).isEqualTo(diskShapes(source));
    }
    assertThat(Processes.countLines(stack.log("worker-2"), "activity WaitRunning started"))
        .as("the new worker took the waits over").isGreaterThanOrEqualTo(1);

    // Visibility finds the creation and the provisioning by the image; the Web UI shows the summary.
    CliResult listed = stack.temporal("workflow", "list", "--query", "ImageId=\"" + imageId + "\"", "-o", "json");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(CloudApi.list(listed.json()).stream().map(w -> w.path("execution").path("workflowId").asText()))
        .containsExactlyInAnyOrder("full-ecs-image:" + Stack.TENANT + ":golden-1", CLONES);
    assertThat(stack.client().newUntypedWorkflowStub(CLONES).describe().getStaticSummary())
        .startsWith("Provision 2 ECSs from full-ECS image web-golden");

    CliResult provisionings = stack.starter("list", "--of", "provisionings", "--json");
    assertThat(provisionings.exitCode()).as(provisionings.toString()).isZero();
    assertThat(CloudApi.list(provisionings.json().path("provisionings")).stream()
        .map(p -> p.path("workflow_id").asText() + " " + p.path("status").asText()))
        .containsExactly(CLONES + " COMPLETED");

    // F19
    CliResult changeOs = stack.starter("change-os", "ecs-web-01", "--image", imageId);
    assertThat(changeOs.exitCode()).as(changeOs.toString()).isZero();
    assertThat(changeOs.out()).contains("only the system disk ecs-web-01-sys (40 GiB) is written");
    assertThat(diskShapes(stack.cloud().server("ecs-web-01"))).isEqualTo(diskShapes(source));

    // F20
    CliResult replicated = stack.starter("replicate", imageId, "--region", "cn-east-3", "--wait", "--json");
    assertThat(replicated.exitCode()).as(replicated.toString()).isZero();
    JsonNode replica = stack.cloud().image(replicated.json().path("replica_id").asText());
    assertThat(replica.path("status").asText()).isEqualTo("NORMAL");
    assertThat(replica.path("region").asText()).isEqualTo("cn-east-3");
    CliResult inRegion = stack.starter("replicate", imageId, "--region", Stack.REGION);
    assertThat(inRegion.exitCode()).as(inRegion.toString()).isEqualTo(2);
    assertThat(inRegion.out()).contains("within its region");
  }
}
