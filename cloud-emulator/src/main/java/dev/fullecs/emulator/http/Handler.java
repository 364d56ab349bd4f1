package dev.fullecs.emulator.http;

/** Serves a read-only route. */
@FunctionalInterface
public interface Handler {
  Reply handle(Call call);
}
