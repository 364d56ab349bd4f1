package dev.fullecs.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.emulator.timing.LoadModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** F9: durations grow with size and contention; incremental backups are faster; fixed mode is exact. */
class LoadModelTest extends EmulatorTestBase {
  @Override
  EmulatorOptions options() {
    return super.options().timeScale(0.01);
  }

  @Test
  void theDemoServerTakesTenToThirtySecondsAtScaleOne() {
    LoadModel m = new LoadModel(1.0, null, null);
    long snapshots = m.snapshotMillis(100, 3);
    long backup = m.backupMillis(240, 1);
    assertThat(snapshots + backup).isBetween(10_000L, 30_000L);
  }

  @Test
  void aBiggerDiskIsSlower() {
    startFast();
    String small = snapshot("ecs-web-01-sys");
    Api.Res s = awaitSnapshot(small);
    String big = snapshot("ecs-web-01-data1");
    Api.Res b = awaitSnapshot(big);
    assertThat(millis(b)).isGreaterThan(millis(s) * 3 / 2);
  }

  @Test
  void threeConcurrentSnapshotsOfOneServerRunAboutAsFastAsOne() {
    startFast();
    Api.Res alone = awaitSnapshot(snapshot("ecs-lvm-multi-data1"));
    List<String> three = List.of(snapshot("ecs-web-01-data1"), snapshot("ecs-web-01-data2"), snapshot("ecs-lvm-multi-data2"));
    for (String id : three) {
      assertThat((double) millis(awaitSnapshot(id))).isCloseTo(millis(alone), org.assertj.core.data.Percentage.withPercentage(10));
    }
  }

  @Test
  void aHundredAtOnceSlowEachOtherDown() {
    startFast();
    Api.Res alone = awaitSnapshot(snapshot("ecs-web-01-data1"));
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.stream.IntStream.range(0, 100).parallel().forEach(i -> ids.add(snapshot("ecs-web-01-data1")));
    long slowest = ids.stream().mapToLong(id -> millis(awaitSnapshot(id))).max().orElseThrow();
    assertThat(slowest).isGreaterThan(millis(alone) * 5);
  }

  @Test
  void aSecondBackupOfTheSameServerIsIncrementalAndFaster() {
    startFast();
    Api.Res first = awaitBackup(backup("ecs-web-01", "vault-backup", List.of()).text("id"));
    Api.Res secondCreated = backup("ecs-web-01", "vault-backup", List.of());
    assertThat(secondCreated.body().get("incremental").asBoolean()).isTrue();
    Api.Res second = awaitBackup(secondCreated.text("id"));
    assertThat(first.body().get("incremental").asBoolean()).isFalse();
    assertThat(millis(second)).isLessThan(millis(first) / 2);
    assertThat(second.body().get("size_gib").asLong()).isLessThan(first.body().get("size_gib").asLong());
  }

  @Test
  void fixedDurationModeIsExactWhateverTheSizeOrContention() {
    startFixed(Duration.ofMillis(300), Duration.ofMillis(450));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(snapshot(i % 2 == 0 ? "ecs-web-01-data1" : "ecs-single-disk-sys"));
    }
    for (String id : ids) {
      assertThat(millis(awaitSnapshot(id))).isEqualTo(300);
    }
    assertThat(millis(awaitBackup(backup("ecs-web-01", "vault-backup", List.of()).text("id")))).isEqualTo(450);
    assertThat(millis(awaitBackup(backup("ecs-web-01", "vault-backup", List.of()).text("id")))).isEqualTo(450);
  }
}
