package dev.fullecs.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one chaos run does. {@link ChaosMain} fills it from the command line; the defaults are the
 * full run of issues 8 and 12 (200 creations, 12 worker kills, one emulator restart, 20 % faults,
 * a 30-minute outage, then a slow, refusing cloud).
 *
 * @param creations how many creations to start
 * @param workerKills how many times the worker is killed with SIGKILL and restarted
 * @param emulatorRestarts how many times the emulator is killed with SIGKILL and restarted on its
 *     database file
 * @param faultRate share of the emulator's {@code /v1/} calls that get a transient fault
 * @param startOver the creations are started evenly over this time; kills happen in it, and the
 *     outage begins at its first third
 * @param drainTimeout after the last start, kill and fault phase, how long to wait for every
 *     creation to close before calling the rest stuck
 * @param timeScale the emulator's {@code --time-scale}
 * @param seed random seed (plan, kill moments, cancels), printed so a run can be repeated
 * @param workDir the stack's run directory: logs, databases, the report
 * @param outageCloudMinutes length of the whole-service outage in the cloud's minutes (0: none);
 *     it lasts this many minutes times the time scale of wall time ({@link #outage()})
 * @param slowCallMs after the outage, every cloud call is delayed this long (0: not slow)
 * @param recovery how long after the outage the cloud stays slow and refuses image deletes (0: it does not)
 */
public record ChaosSettings(
    int creations,
    int workerKills,
    int emulatorRestarts,
    double faultRate,
    Duration startOver,
    Duration drainTimeout,
    double timeScale,
    long seed,
    Path workDir,
    int outageCloudMinutes,
    long slowCallMs,
    Duration recovery) {

  /** The outage's wall-clock length: its cloud minutes at the time scale. */
  Duration outage() {
    return Duration.ofMillis(Math.round(outageCloudMinutes * 60_000 * timeScale));
  }

  /** When the outage begins, from the first start: a third into the start window, with creations at every step. */
  Duration outageStart() {
    return startOver.dividedBy(3);
  }
}
