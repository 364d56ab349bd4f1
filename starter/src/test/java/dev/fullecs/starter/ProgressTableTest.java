package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.contract.CreationProgress;
import dev.fullecs.contract.StepTiming;
import dev.fullecs.starter.render.ProgressDisplay;
import dev.fullecs.starter.temporal.LiveProgress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 16: the live view's table (refreshed in place on a terminal) has aligned columns, not hand padding. */
class ProgressTableTest {
  @Test
  void stepsDisksAndTheBackupStandInAlignedColumns() {
    CreationProgress progress = new CreationProgress("SNAPSHOT_DISKS", "img-1", "ecs-web-01", "CREATING",
        List.of(), List.of(), null,
        List.of(new StepTiming("VALIDATE", 0, 600), new StepTiming("LOCK_ECS", 600, 100),
            new StepTiming("SNAPSHOT_DISKS", 700, 2300)),
        "2h", 3_600_000L, null, null);
    LiveProgress live = new LiveProgress("full-ecs-image:tenant-a:x", "RUNNING", progress, List.of(
        new LiveProgress.DiskLine("ecs-web-01-sys", "system", 40, "snap-1", 100, "available", 1, null),
        new LiveProgress.DiskLine("ecs-web-01-data1", "data", 100, "snap-22", 40, "creating", 2, "timeout")),
        null, 3000);

    List<String> lines = ProgressDisplay.table(live);

    assertThat(lines.get(0)).startsWith("creation full-ecs-image:tenant-a:x: RUNNING, step SNAPSHOT_DISKS");
    String validate = line(lines, "VALIDATE");
    String snapshots = line(lines, "SNAPSHOT_DISKS");
    String sys = line(lines, "disk ecs-web-01-sys");
    String data = line(lines, "disk ecs-web-01-data1");
    assertThat(validate).startsWith("  [done]  VALIDATE ");
    assertThat(snapshots).startsWith("  [ .. ]  SNAPSHOT_DISKS ");
    assertThat(validate.indexOf("0.6s")).isEqualTo(snapshots.indexOf("2.3s"));
    assertThat(sys.indexOf("snap-1")).isEqualTo(data.indexOf("snap-22"));
    assertThat(sys.indexOf("[##########] 100%")).isEqualTo(data.indexOf("[####------] 40%"));
    assertThat(data).endsWith("creating  (attempt 2, last: timeout)");
    assertThat(line(lines, "BACKUP_SERVER")).startsWith("  [    ]  BACKUP_SERVER");
    for (String l : lines) {
      assertThat(l).doesNotEndWith(" ");
    }
  }

  private static String line(List<String> lines, String containing) {
    return lines.stream().skip(1).filter(l -> l.contains(containing)).findFirst().orElseThrow();
  }
}
