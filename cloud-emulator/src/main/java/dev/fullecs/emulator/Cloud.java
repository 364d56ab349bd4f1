package dev.fullecs.emulator;

import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.timing.LoadModel;

/** What every API handler works with: the state, the faults in force, and the load model. */
public record Cloud(Store store, Faults faults, LoadModel load) {}
