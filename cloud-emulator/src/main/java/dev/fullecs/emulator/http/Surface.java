package dev.fullecs.emulator.http;

/**
 * What the routes of one API surface share: how a caller is authenticated, how the domain's
 * refusals are answered, how errors are written, and the header (if any) that carries a request
 * id on every answer. The own API is {@link #own}; Huawei's API declares its own.
 *
 * @param requestIdHeader a header set to a fresh id on every answer (Huawei's {@code X-Request-Id}), or null
 */
public record Surface(
    Authentication authentication,
    RefusalMapping refusals,
    ErrorFormat errors,
    String requestIdHeader) {

  /** The own API's surface: tokens, {@code {"error_code","error_msg"}}, refusals as {@code refusals} maps them. */
  public static Surface own(RefusalMapping refusals) {
    return new Surface(Authentication.TOKEN, refusals, ErrorFormat.CODE_AND_MSG, null);
  }

  /** The same surface answering refusals with {@code other}. */
  public Surface answering(RefusalMapping other) {
    return new Surface(authentication, other, errors, requestIdHeader);
  }
}
