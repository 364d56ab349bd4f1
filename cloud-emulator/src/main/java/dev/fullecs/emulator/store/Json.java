package dev.fullecs.emulator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson configuration of the emulator: snake_case, unknown fields refused. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private static final ObjectMapper SORTED = MAPPER.copy()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> T copy(T value) {
    try {
      return (T) MAPPER.readValue(MAPPER.writeValueAsBytes(value), value.getClass());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same JSON document always gives the same string, whatever its key order or spacing. */
  public static String canonical(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode tree = MAPPER.readTree(body);
      return SORTED.writeValueAsString(MAPPER.treeToValue(tree, Object.class));
    } catch (IOException e) {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
