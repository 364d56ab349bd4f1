package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.Stack;
import dev.fullecs.testkit.junit.StackPerClass;
import dev.fullecs.testkit.junit.WallTime;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Web UI test of the dev server ({@link WebUiTest}: the list filtered by EcsId, a running
 * creation's summary, details and progress table, the progress query, a cancelled creation's
 * memo) against the cluster's UI server, the one compose runs; then the running creation
 * completes and the cloud is exactly right for both.
 */
@Tag("cluster")
@ExtendWith(WallTime.class)
class ClusterWebUiTest {
  // Snapshots of 90 s keep the first creation running while the browser looks at it.
  @RegisterExtension
  static final StackPerClass stacks = new StackPerClass(
      Stack.cluster().workers(1).emulatorOptions("--fixed-snapshot-seconds", "90", "--fixed-backup-seconds", "5"));

  static WebUi browser;

  @BeforeAll
  static void browser() {
    browser = new WebUi("cluster-");
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theUiServerListsCreationsByEcsIdAndShowsSummaryProgressAndWhatACancelKept(Stack cluster) throws IOException {
    // ecs-single-disk comes with snapshots and a backup of its own in the emulator's inventory.
    List<String> snapshotsBefore = ids(cluster.cloud().snapshotsOf("ecs-single-disk"));
    List<String> backupsBefore = ids(cluster.cloud().backupsOf("ecs-single-disk"));

    WebUi.Checked checked = browser.checkListSummaryProgressAndMemo(cluster);

    assertThat(Creations.awaitClosed(cluster, checked.running(), Duration.ofSeconds(240)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    CloudChecks.assertCompleteImage(cluster, Creations.imageId(cluster, checked.running()), "ecs-web-01");

    // The cancelled one: its image deleted, the snapshot of the server's one disk kept, no backup
    // begun, the server unlocked.
    JsonNode image = cluster.cloud().image(Creations.imageId(cluster, checked.cancelled()));
    assertThat(image.path("status").asText()).isEqualTo("DELETED");
    List<JsonNode> made = cluster.cloud().snapshotsOf("ecs-single-disk").stream()
        .filter(x -> !snapshotsBefore.contains(x.path("id").asText())).toList();
    assertThat(made).extracting(x -> x.path("id").asText()).containsExactly(checked.keptSnapshot());
    assertThat(made.get(0).path("disk_id").asText())
        .isEqualTo(cluster.cloud().server("ecs-single-disk").path("disks").path(0).path("id").asText());
    assertThat(cluster.cloud().server("ecs-single-disk").path("disks")).hasSize(1);
    assertThat(ids(cluster.cloud().backupsOf("ecs-single-disk"))).isEqualTo(backupsBefore);
    CloudChecks.assertUnlocked(cluster, "ecs-single-disk");
  }

  private static List<String> ids(List<JsonNode> resources) {
    return resources.stream().map(x -> x.path("id").asText()).toList();
  }
}
