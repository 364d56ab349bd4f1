package dev.fullecs.emulator.http;

import dev.fullecs.emulator.store.Json;

/** An answer: status, body bytes and content type. */
public record Reply(int status, byte[] body, String contentType) {
  public static Reply json(int status, Object value) {
    return new Reply(status, Json.bytes(value), "application/json");
  }

  public static Reply ok(Object value) {
    return json(200, value);
  }
}
