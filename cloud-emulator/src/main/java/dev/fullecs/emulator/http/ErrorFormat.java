package dev.fullecs.emulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a surface writes an error: the body (and status) of a refusal, whether it came from the
 * domain (through the surface's {@link RefusalMapping}) or from the front (a fault, a credential,
 * a malformed request).
 */
@FunctionalInterface
public interface ErrorFormat {
  /** The answer to {@code error}; {@code requestId} is the id sent with the answer (null if the surface sends none). */
  Reply reply(ApiException error, String requestId);

  /** The own API's errors: {@code {"error_code": "ECS_LOCKED", "error_msg": "..."}}. */
  ErrorFormat CODE_AND_MSG = (e, requestId) -> {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error_code", e.code());
    body.put("error_msg", e.getMessage());
    return Reply.json(e.status(), body);
  };
}
