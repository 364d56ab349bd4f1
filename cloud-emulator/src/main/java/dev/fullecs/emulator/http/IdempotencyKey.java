package dev.fullecs.emulator.http;

/**
 * Which request header carries a mutating route's idempotency key, and whether it is required.
 * A route that honours none ({@link #NONE}) treats every request afresh.
 *
 * @param header the header's name ({@code Idempotency-Key} on the own API, {@code X-Client-Token}
 *     on Huawei's CreateServers), or null
 */
public record IdempotencyKey(String header, boolean required) {
  public static final String OWN_HEADER = "Idempotency-Key";
  public static final IdempotencyKey NONE = new IdempotencyKey(null, false);

  /** The own API's {@code Idempotency-Key}, accepted on every mutating route, required where {@code required}. */
  public static IdempotencyKey own(boolean required) {
    return new IdempotencyKey(OWN_HEADER, required);
  }

  /** An optional key in {@code header}. */
  public static IdempotencyKey optional(String header) {
    return new IdempotencyKey(header, false);
  }
}
