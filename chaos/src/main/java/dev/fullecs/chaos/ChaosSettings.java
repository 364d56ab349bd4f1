package dev.fullecs.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one chaos run does. {@link ChaosMain} fills it from the command line; the defaults are the
 * full run of issue 8 (200 creations, 12 worker kills, one emulator restart, 20 % faults).
 *
 * @param creations how many creations to start
 * @param workerKills how many times the worker is killed with SIGKILL and restarted
 * @param emulatorRestarts how many times the emulator is killed with SIGKILL and restarted on its
 *     database file
 * @param faultRate share of the emulator's {@code /v1/} calls that get a transient fault
 * @param startOver the creations are started evenly over this time; kills happen in it
 * @param drainTimeout after the last start and the last kill, how long to wait for every
 *     creation to close before calling the rest stuck
 * @param timeScale the emulator's {@code --time-scale}
 * @param seed random seed (plan, kill moments, cancels), printed so a run can be repeated
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
    int temporalPort,
    int emulatorPort,
    Path workDir,
    Path emulatorJar,
    Path workerJar,
    String temporalCli) {}
