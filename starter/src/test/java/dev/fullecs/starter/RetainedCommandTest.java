package dev.fullecs.starter;

import static dev.fullecs.starter.CloudAssertions.imagesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F11's last sentence through the starter (defect 10): what a running creation is making is not
 * "retained", and {@code retained delete} refuses it; once the creation stops, it is retained.
 */
class RetainedCommandTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static List<String> ids(JsonNode items) {
    return items.findValuesAsText("id");
  }

  @Test
  void aRunningCreationsSnapshotsAreNotRetainedAndCannotBeDeletedUntilItStops() { // F11
    AdjustableClock clock = new AdjustableClock();
    // Slow enough that the snapshots are still creating while the test looks at them.
    stack = Stack.start(dir, 100, clock);
    Stack.Run started = stack.create("live-1", "web-live");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> stack.cloud.snapshotsOfServer(Stack.SERVER).size() == 3);
    List<String> snapshots = ids(stack.cloud.snapshotsOfServer(Stack.SERVER));

    Stack.Run list = stack.retained("list", "--server", Stack.SERVER, "--json");
    Stack.Run all = stack.retained("list", "--server", Stack.SERVER, "--all", "--json");
    Stack.Run delete = stack.retained("delete", snapshots.get(0));

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(ids(list.json().path("items"))).isEmpty();
    assertThat(ids(all.json().path("items"))).containsExactlyInAnyOrderElementsOf(snapshots);
    assertThat(delete.exitCode()).as(delete.toString()).isEqualTo(2);
    assertThat(delete.err()).contains("snapshot " + snapshots.get(0)).contains("nothing was deleted")
        .doesNotContain("Exception");
    assertThat(delete.err().lines().count()).isEqualTo(1);
    assertThat(ids(stack.cloud.snapshotsOfServer(Stack.SERVER))).containsExactlyInAnyOrderElementsOf(snapshots);

    Stack.Run cancel = stack.user("cancel", "live-1");
    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(imagesOf(stack.cloud, Stack.SERVER)).singleElement()
        .satisfies(i -> assertThat(i.path("status").asText()).isEqualTo("DELETED"));
    clock.advance(Duration.ofDays(1)); // the snapshots, kept by the cancel, finish in the cloud
    Stack.Run retained = stack.retained("list", "--server", Stack.SERVER, "--json");
    assertThat(ids(retained.json().path("items"))).containsExactlyInAnyOrderElementsOf(snapshots);
    Stack.Run deleted = stack.retained("delete", snapshots.get(0), snapshots.get(1), snapshots.get(2));
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(stack.cloud.snapshotsOfServer(Stack.SERVER)).isEmpty();
  }
}
