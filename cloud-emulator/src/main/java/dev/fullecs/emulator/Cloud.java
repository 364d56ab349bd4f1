package dev.fullecs.emulator;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.http.RequestStats;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.timing.LoadModel;

/**
 * What every API handler works with: the state, the faults in force, the load model, and the
 * request timings.
 */
public record Cloud(Store store, Faults faults, LoadModel load, RequestStats stats) {}
