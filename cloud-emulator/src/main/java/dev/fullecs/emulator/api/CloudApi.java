package dev.fullecs.emulator.api;

import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.RefusalMapping;
import dev.fullecs.emulator.refusal.Refusal;

/** The emulator's own API, {@code /v1/{tenant}/...} (docs/cloud-api.md, openapi.yaml). */
public final class CloudApi {
  /** A refusal's kind as this API's status; its code and message as they are. */
  public static final RefusalMapping REFUSALS = CloudApi::answer;

  private CloudApi() {}

  private static ApiException answer(Refusal r) {
    int status = switch (r.kind()) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNACCEPTABLE -> 422;
    };
    return new ApiException(status, r.code(), r.getMessage());
  }
}
