package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.fullecs.worker.AesGcmPayloadCodec;
import dev.fullecs.worker.CodecServer;
import dev.fullecs.worker.PayloadEncryption;
import dev.fullecs.contract.ImageWorkflows;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: AES-GCM payload encryption (off by default), end to end through the stack, and the
 * codec server the Web UI uses to show the payloads to an operator (the codec server's command is the
 * worker's since issue 16: {@code worker/.../CodecServerCommandTest}).
 */
class PayloadEncryptionTest {
  static final String KEY = key();
  static final Map<String, String> ENV = Map.of(PayloadEncryption.KEY, KEY, PayloadEncryption.KEY_ID, "2026-11");
  static final String NAME = "enc-web-name";
  static final String DESCRIPTION = "golden description of a secret project";
  static final String TAG_VALUE = "secret-tag-value";

  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void offByDefault() {
    assertThat(PayloadEncryption.codec(Map.of())).isEmpty();
    assertThat(PayloadEncryption.dataConverter(Map.of())).isSameAs(DefaultDataConverter.STANDARD_INSTANCE);
  }

  @Test
  void roundTripsRotatesKeysAndRefusesAnUnknownKey() {
    Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(DESCRIPTION).orElseThrow();
    AesGcmPayloadCodec old = PayloadEncryption.codec(ENV).orElseThrow();
    Payload sealed = old.encode(List.of(plain)).get(0);
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("2026-11");
    assertThat(sealed.getData().toStringUtf8()).doesNotContain("golden");
    assertThat(old.decode(List.of(sealed))).containsExactly(plain);

    AesGcmPayloadCodec rotated = PayloadEncryption.codec(Map.of(PayloadEncryption.KEY, key(),
        PayloadEncryption.KEY_ID, "2026-12", PayloadEncryption.OLD_KEYS, "2026-11=" + KEY)).orElseThrow();
    assertThat(rotated.decode(List.of(sealed))).containsExactly(plain);
    assertThat(rotated.encode(List.of(plain)).get(0).getMetadataMap().get("encryption-key-id").toStringUtf8())
        .isEqualTo("2026-12");
    AesGcmPayloadCodec other = PayloadEncryption.codec(Map.of(PayloadEncryption.KEY, key())).orElseThrow();
    assertThatThrownBy(() -> other.decode(List.of(sealed))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("2026-11");
    Payload tampered = sealed.toBuilder().setData(sealed.getData().concat(ByteString.copyFromUtf8("x"))).build();
    assertThatThrownBy(() -> old.decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class);
    assertThatThrownBy(() -> PayloadEncryption.codec(Map.of(PayloadEncryption.KEY, "not base64!")))
        .hasMessage("FULLECS_PAYLOAD_KEY is not valid base64");
  }

  @Test
  void withEncryptionOnTheRawHistoryHoldsNoPlaintextAndTheCodecServerShowsIt() throws Exception {
    stack = Stack.startWithoutWorker(dir, 0.05, null, ENV);
    stack.startWorker();

    Stack.Run run = stack.create("enc-1", NAME, "--wait", "--json", "--description", DESCRIPTION,
        "--tag", "project=" + TAG_VALUE);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String imageId = run.json().path("result").path("image_id").asText();
    assertThat(stack.cloud.image(imageId).path("status").asText()).isEqualTo("NORMAL");
    assertThat(stack.cloud.image(imageId).path("description").asText()).isEqualTo(DESCRIPTION);

    // The history as the server stores it: fetched without any codec.
    String workflowId = ImageWorkflows.workflowId(Stack.TENANT, "enc-1");
    List<HistoryEvent> events = stack.client().fetchHistory(workflowId).getHistory().getEventsList();
    List<Payload> payloads = new ArrayList<>();
    StringBuilder raw = new StringBuilder();
    for (HistoryEvent e : events) {
      HistoryEvent withoutSearchAttributes = e;
      if (e.hasWorkflowExecutionStartedEventAttributes()) {
        withoutSearchAttributes = e.toBuilder().setWorkflowExecutionStartedEventAttributes(
            e.getWorkflowExecutionStartedEventAttributes().toBuilder().clearSearchAttributes()).build();
        payloads.addAll(e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
      }
      if (e.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        continue;
      }
      raw.append(SecretsTest.withPayloadsDecoded(JsonFormat.printer().print(withoutSearchAttributes)));
    }
    // The memo the workflow writes (the image it made): the starter writes none at start.
    List<Payload> memo = new ArrayList<>();
    for (HistoryEvent e : events) {
      memo.addAll(e.getWorkflowPropertiesModifiedEventAttributes().getUpsertedMemo().getFieldsMap().values());
    }
    assertThat(raw.toString()).contains(b64("binary/encrypted")).contains(b64("2026-11"))
        .doesNotContain(DESCRIPTION).doesNotContain(TAG_VALUE).doesNotContain(NAME).doesNotContain(imageId);
    assertThat(memo).isNotEmpty();
    assertThat(memo).allMatch(p -> p.getMetadataMap().get("encoding").toStringUtf8().equals("binary/encrypted"));
    // The full history, search attributes included, never holds the description or the tags.
    String all = SecretsTest.withPayloadsDecoded(JsonFormat.printer().print(
        stack.client().fetchHistory(workflowId).getHistory()));
    assertThat(all).doesNotContain(DESCRIPTION).doesNotContain(TAG_VALUE);
    assertThat(payloads).isNotEmpty().allMatch(p -> p.getMetadataMap().get("encoding").toStringUtf8()
        .equals("binary/encrypted"));

    // The codec server opens them for the Web UI.
    AesGcmPayloadCodec codec = PayloadEncryption.codec(ENV).orElseThrow();
    try (CodecServer server = CodecServer.start("127.0.0.1", 0, codec, "http://localhost:8233")) {
      LoopbackTest.assertReachableOnlyOnLoopback(server.port());
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      String input = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads));
      HttpResponse<String> decoded = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .header("Content-Type", "application/json").header("X-Namespace", "default")
          .POST(HttpRequest.BodyPublishers.ofString(input)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(decoded.statusCode()).isEqualTo(200);
      assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8233");
      Payloads.Builder opened = Payloads.newBuilder();
      JsonFormat.parser().merge(decoded.body(), opened);
      String text = opened.getPayloads(0).getData().toString(StandardCharsets.UTF_8);
      assertThat(text).contains(DESCRIPTION).contains(TAG_VALUE).contains(NAME);

      HttpResponse<String> encoded = http.send(HttpRequest.newBuilder(URI.create(base + "/encode"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(opened))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(encoded.statusCode()).isEqualTo(200);
      Payloads.Builder resealed = Payloads.newBuilder();
      JsonFormat.parser().merge(encoded.body(), resealed);
      assertThat(codec.decode(resealed.getPayloadsList())).isEqualTo(opened.getPayloadsList());

      HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "http://localhost:8233").header("Access-Control-Request-Method", "POST").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Namespace");
      HttpResponse<String> junk = http.send(HttpRequest.newBuilder(URI.create(base + "/decode"))
          .POST(HttpRequest.BodyPublishers.ofString("{nope")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(junk.statusCode()).isEqualTo(400);
    }
  }
}
