package dev.fullecs.worker;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every payload with AES-256-GCM: the whole payload (metadata and data) becomes the
 * ciphertext of a new payload whose metadata says {@code encoding: binary/encrypted} and which key
 * ({@code encryption-key-id}) sealed it. New payloads use the current key; payloads sealed with an
 * older key still open as long as that key is given, so keys can rotate. Payloads that are not
 * encrypted pass through unchanged (histories written before encryption was turned on).
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  static final String ENCODING = "binary/encrypted";
  static final String KEY_ID = "encryption-key-id";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;

  /** {@code keys} by id, each 32 bytes; {@code currentKeyId} seals new payloads. */
  public AesGcmPayloadCodec(String currentKeyId, Map<String, byte[]> keys) {
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("no key with id " + currentKeyId);
    }
    keys.forEach((id, k) -> {
      if (k.length != 32) {
        throw new IllegalArgumentException("payload key " + id + " has " + k.length + " bytes; AES-256 needs 32");
      }
    });
    this.currentKeyId = currentKeyId;
    this.keys = keys.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES")));
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).collect(Collectors.toList());
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).collect(Collectors.toList());
  }

  private Payload encrypt(Payload plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(currentKeyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(currentKeyId))
          .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get("encoding");
    if (encoding == null || !ENCODING.equals(encoding.toStringUtf8())) {
      return payload;
    }
    ByteString id = payload.getMetadataMap().get(KEY_ID);
    String keyId = id == null ? "" : id.toStringUtf8();
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new PayloadCodecException("payload sealed with key '" + keyId + "', which is not configured");
    }
    try {
      byte[] data = payload.getData().toByteArray();
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException("cannot decrypt a payload sealed with key '" + keyId + "': " + e.getMessage());
    }
  }
}
