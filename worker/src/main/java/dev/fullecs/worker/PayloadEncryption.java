package dev.fullecs.worker;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.CodecDataConverter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payload encryption, off by default. On when {@code FULLECS_PAYLOAD_KEY} holds a base64 AES-256
 * key (32 bytes); {@code FULLECS_PAYLOAD_KEY_ID} names it (default {@code k1}) and goes into each
 * payload's metadata. To rotate, give the new key and id, and the old ones in
 * {@code FULLECS_PAYLOAD_OLD_KEYS} ({@code id=base64,id=base64}) so that running creations' payloads
 * still open. The worker, the starter, the demo and the test stack all take their data converter
 * from {@link #dataConverter(Map)}, so that they always agree.
 */
public final class PayloadEncryption {
  public static final String KEY = "FULLECS_PAYLOAD_KEY";
  public static final String KEY_ID = "FULLECS_PAYLOAD_KEY_ID";
  public static final String OLD_KEYS = "FULLECS_PAYLOAD_OLD_KEYS";

  private PayloadEncryption() {}

  /** The codec the environment asks for, or empty when encryption is off. */
  public static Optional<AesGcmPayloadCodec> codec(Map<String, String> env) {
    String key = env.get(KEY);
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    String id = env.getOrDefault(KEY_ID, "k1");
    id = id == null || id.isBlank() ? "k1" : id.trim();
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put(id, decode(KEY, key));
    String old = env.get(OLD_KEYS);
    if (old != null && !old.isBlank()) {
      for (String pair : old.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(OLD_KEYS + " must be id=base64,id=base64");
        }
        keys.putIfAbsent(pair.substring(0, eq).trim(), decode(OLD_KEYS, pair.substring(eq + 1)));
      }
    }
    return Optional.of(new AesGcmPayloadCodec(id, keys));
  }

  /** The data converter for every client and worker: the default one, wrapped by the codec when on. */
  public static DataConverter dataConverter(Map<String, String> env) {
    return codec(env)
        .<DataConverter>map(c -> new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(c), true))
        .orElse(DefaultDataConverter.STANDARD_INSTANCE);
  }

  private static byte[] decode(String variable, String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      // Never repeat the value: it is a secret.
      throw new IllegalArgumentException(variable + " is not valid base64");
    }
  }
}
