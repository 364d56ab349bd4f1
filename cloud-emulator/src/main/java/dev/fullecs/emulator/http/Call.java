package dev.fullecs.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.fullecs.emulator.store.Json;
import dev.fullecs.emulator.tenant.Caller;
import java.io.IOException;
import java.util.Map;

/** One request as the handlers see it. */
public record Call(
    String method,
    String path,
    Map<String, String> params,
    Map<String, String> query,
    byte[] body,
    Caller caller,
    String operation,
    String idempotencyKey) {

  public String param(String name) {
    return params.get(name);
  }

  /** The tenant the request acts for: the path's {@code {tenant}}, else the one its credential acts for. */
  public String tenant() {
    String t = params.get("tenant");
    return t != null || caller == null ? t : caller.tenant();
  }

  /** The body, or an empty array. */
  public byte[] rawBody() {
    return body == null ? new byte[0] : body;
  }

  public String query(String name) {
    return query.get(name);
  }

  /** The body as {@code type}; unknown fields and malformed JSON are a 400 naming the problem. */
  public <T> T body(Class<T> type) {
    if (body == null || body.length == 0) {
      throw ApiException.invalid("request body is required");
    }
    return parse(body, type);
  }

  public JsonNode bodyTree() {
    if (body == null || body.length == 0) {
      throw ApiException.invalid("request body is required");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalid("malformed JSON body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.invalid("malformed JSON body: " + e.getMessage());
    }
  }

  public static <T> T parse(byte[] json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid("unknown field '" + e.getPropertyName() + "'");
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      String field = e.getPath().stream().map(r -> r.getFieldName()).filter(n -> n != null)
          .reduce((a, b) -> b).orElse(null);
      String where = field == null ? "the body" : "field '" + field + "'";
      throw ApiException.invalid(where + " has the wrong JSON type");
    } catch (IOException e) {
      String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          ? j.getOriginalMessage() : e.getMessage();
      throw ApiException.invalid("malformed request body: " + msg);
    }
  }

  public static <T> T parse(JsonNode json, Class<T> type) {
    try {
      return parse(Json.MAPPER.writeValueAsBytes(json), type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalid("malformed request body");
    }
  }

  public int intQuery(String name, int dflt) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " must be an integer, got '" + v + "'");
    }
  }
}
