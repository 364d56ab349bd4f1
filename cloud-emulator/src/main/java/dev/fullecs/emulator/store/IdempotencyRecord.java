package dev.fullecs.emulator.store;

/** The first successful answer to a request with an {@code Idempotency-Key}, replayed for repeats. */
public class IdempotencyRecord {
  public String tenant;
  public String key;
  /** Method, path and canonical body of the first request: a repeat must match it. */
  public String fingerprint;
  public int status;
  public String body;
  public String at;
}
