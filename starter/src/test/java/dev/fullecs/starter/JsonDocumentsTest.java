package dev.fullecs.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the {@code --json} documents are a contract with scripts. Each command's document (its
 * fields in order, the JSON type of each value, null included) and exit code are compared with
 * {@code json-documents.txt}, which was written by the starter before the output layer was
 * introduced. A changed shape fails here; the actual shapes are in {@code
 * target/json-documents.txt}.
 */
class JsonDocumentsTest {
  @TempDir Path dir;
  Stack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyCommandWritesTheSameDocumentAsBefore() throws IOException {
    stack = Stack.startWithoutWorker(dir, 0.05);
    List<String> lines = new ArrayList<>();
    String[] create = {"--region", Stack.REGION, "--server", Stack.SERVER, "--vault", Stack.VAULT};

    record("validate valid", lines, stack.user("validate", concat(create, "--name", "web-doc", "--accept-disclaimer",
        "--json")));
    record("validate invalid", lines, stack.user("validate", concat(create, "--name", "web-doc", "--json")));
    record("create refused", lines, stack.user("create", concat(create, "--name", "web-doc", "--request-id",
        "doc-0", "--json")));
    // no worker yet: the creation is running
    record("create started", lines, stack.create("doc-1", "web-doc", "--json"));
    stack.startWorker();
    record("watch completed", lines, stack.user("watch", "doc-1", "--json"));
    Stack.Run again = stack.create("doc-1", "web-doc", "--json");
    record("create same request", lines, again);
    String imageId = again.json().path("result").path("image_id").asText();

    record("list from the cloud", lines, stack.user("list", "--json"));
    record("show by request id", lines, stack.user("show", "doc-1", "--json"));
    record("show by image id", lines, stack.user("show", imageId, "--json"));
    record("show unknown", lines, stack.user("show", "doc-nope", "--json"));
    record("extend ended", lines, stack.user("extend", "doc-1", "30m", "--json"));
    record("bad option", lines, stack.user("list", "--colour", "--json"));
    record("share", lines, stack.user("share", imageId, "--with", "tenant-b", "--json"));
    record("export", lines, stack.user("export", imageId, "--json"));
    record("change-os", lines, stack.user("change-os", Stack.SERVER, "--image", imageId, "--json"));
    record("provision --wait", lines, stack.user("provision", imageId, "--az", "cn-north-4b", "--name", "doc-clone",
        "--request-id", "doc-p1", "--wait", "--json"));
    record("provision refused", lines, stack.user("provision", imageId, "--az", "cn-east-3a", "--request-id",
        "doc-p2", "--wait", "--json"));
    record("replicate --wait", lines, stack.user("replicate", imageId, "--region", "cn-east-3", "--request-id",
        "doc-r1", "--wait", "--json"));
    record("replicate refused", lines, stack.user("replicate", imageId, "--region", Stack.REGION, "--request-id",
        "doc-r2", "--json"));
    record("cancel ended", lines, stack.user("cancel", "doc-1", "--json"));
    record("delete", lines, stack.user("delete", imageId, "--json"));
    Stack.Run retained = stack.retained("list", "--server", Stack.SERVER, "--json");
    record("retained list", lines, retained);
    record("retained delete", lines, stack.retained("delete", retained.json().path("items").get(0).path("id").asText(),
        "--json"));
    record("unlock", lines, stack.starter("unlock", "--force", Stack.SERVER, "--admin-token", Stack.ADMIN_TOKEN,
        "--cloud-url", stack.emulator.baseUrl(), "--json"));

    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "json-documents.txt"), lines);
    try (InputStream expected = JsonDocumentsTest.class.getResourceAsStream("/json-documents.txt")) {
      assertThat(expected).as("src/test/resources/json-documents.txt").isNotNull();
      assertThat(lines).containsExactlyElementsOf(
          new String(expected.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static void record(String label, List<String> lines, Stack.Run run) {
    lines.add(label + ": exit " + run.exitCode() + " " + shape(run.json()));
  }

  /** The document without its values: fields in order, each value's JSON type; an array by its first element. */
  static String shape(JsonNode n) {
    if (n.isObject()) {
      List<String> fields = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.add(e.getKey() + ":" + shape(e.getValue()));
      }
      return "{" + String.join(",", fields) + "}";
    }
    if (n.isArray()) {
      return n.isEmpty() ? "[]" : "[" + shape(n.get(0)) + "]";
    }
    return n.getNodeType().name().toLowerCase();
  }
}
