package dev.fullecs.bench;

import io.temporal.activity.ActivityInterface;

/** One plain HTTP call to the emulator, for {@link BaselineWorkflow}. */
@ActivityInterface
public interface NoopActivities {
  /** {@code POST /v1/{tenant}/noop}; returns 1. */
  int call();

  /** {@link #call}, with {@code in} as its input, returning {@code outLength} characters. */
  String echo(String in, int outLength);
}
