package dev.fullecs.emulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullecs.emulator.http.Call;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.timing.Task;
import java.util.ArrayList;
import java.util.List;

/** Small pieces of Huawei's wire format shared by the mappings. */
final class Wire {
  /** The enterprise project id Huawei uses for the default enterprise project. */
  static final String DEFAULT_ENTERPRISE_PROJECT_ID = "0";

  private Wire() {}

  /** Our enterprise project as Huawei names it: {@code default} is {@code "0"}. */
  static String enterpriseProjectId(String project) {
    return project == null || "default".equals(project) ? DEFAULT_ENTERPRISE_PROJECT_ID : project;
  }

  /** Huawei's enterprise project id as ours: {@code "0"} or none is {@code default}. */
  static String enterpriseProject(String id) {
    return id == null || id.isBlank() || DEFAULT_ENTERPRISE_PROJECT_ID.equals(id) ? null : id;
  }

  static String iso(Long epochMs) {
    return epochMs == null ? null : Task.iso(epochMs);
  }

  /** An ISO-8601 instant as epoch milliseconds; 0 for none. */
  static long epochMs(String iso) {
    return iso == null ? 0 : java.time.Instant.parse(iso).toEpochMilli();
  }

  /** The body as a JSON object; a missing or malformed one is refused as the route's surface maps INVALID_REQUEST. */
  static JsonNode object(Call call) {
    if (call.rawBody().length == 0) {
      throw Refusal.invalid("request body is required");
    }
    JsonNode body = call.bodyTree();
    if (!body.isObject()) {
      throw Refusal.invalid("the request body must be a JSON object");
    }
    return body;
  }

  /** A string field of {@code node}, or null when absent or null; refuses another JSON type. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw Refusal.invalid(field + " must be a string");
    }
    return v.asText();
  }

  /** A list of strings, or an empty list when absent or null. */
  static List<String> texts(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw Refusal.invalid(field + " must be an array");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw Refusal.invalid(field + " must be an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }
}
