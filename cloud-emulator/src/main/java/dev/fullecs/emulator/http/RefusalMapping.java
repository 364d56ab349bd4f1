package dev.fullecs.emulator.http;

import dev.fullecs.emulator.refusal.Refusal;

/**
 * How one API surface answers a refusal of the domain: the status, code and message it sends.
 * Each surface declares its own with its routes ({@link Router#answering}).
 */
@FunctionalInterface
public interface RefusalMapping {
  ApiException map(Refusal refusal);
}
