package dev.fullecs.emulator.http;

import dev.fullecs.emulator.store.Tx;

/** Serves a mutating route inside one write transaction. */
@FunctionalInterface
public interface WriteHandler {
  Reply handle(Call call, Tx tx);
}
