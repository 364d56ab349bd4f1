package dev.fullecs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.testkit.CloudApi;
import dev.fullecs.testkit.Stack;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Assertions on the cloud's end state, read from the emulator's HTTP API of a stack of either kind. */
final class CloudChecks {
  private CloudChecks() {}

  /** Every disk of {@code server} has exactly one snapshot, and there are no others (F15). */
  static List<String> assertOneSnapshotPerDisk(Stack stack, String server) {
    JsonNode s = stack.cloud().server(server);
    List<String> disks = CloudApi.list(s.path("disks")).stream().map(d -> d.path("id").asText()).toList();
    List<JsonNode> snapshots = stack.cloud().snapshotsOf(server);
    Map<String, Long> perDisk = snapshots.stream()
        .collect(Collectors.groupingBy(x -> x.path("disk_id").asText(), Collectors.counting()));
    assertThat(perDisk).as("snapshots per disk of %s", server).hasSize(disks.size());
    assertThat(perDisk.keySet()).containsExactlyInAnyOrderElementsOf(disks);
    assertThat(perDisk.values()).allMatch(n -> n == 1);
    return snapshots.stream().map(x -> x.path("id").asText()).toList();
  }

  static void assertUnlocked(Stack stack, String server) {
    assertThat(stack.cloud().server(server).path("lock_holder").isNull()).as("%s is unlocked", server).isTrue();
  }

  /** The image is NORMAL in every AZ, built from exactly this server's snapshots and one backup. */
  static void assertCompleteImage(Stack stack, String imageId, String server) {
    JsonNode image = stack.cloud().image(imageId);
    assertThat(image.path("status").asText()).isEqualTo("NORMAL");
    assertThat(CloudApi.list(image.path("available_azs"))).hasSize(3);
    assertThat(image.path("source_server_id").asText()).isEqualTo(server);
    List<String> snapshots = assertOneSnapshotPerDisk(stack, server);
    assertThat(CloudApi.list(image.path("snapshot_ids")).stream().map(JsonNode::asText).toList())
        .containsExactlyInAnyOrderElementsOf(snapshots);
    List<JsonNode> backups = stack.cloud().backupsOf(server);
    assertThat(backups).as("backups of %s", server).hasSize(1);
    assertThat(image.path("backup_id").asText()).isEqualTo(backups.get(0).path("id").asText());
    assertThat(backups.get(0).path("status").asText()).isEqualTo("available");
    assertUnlocked(stack, server);
  }
}
