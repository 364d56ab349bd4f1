package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code java -jar worker.jar codec-server}: moved from the starter (issue 16), same sentences and exit codes. */
class CodecServerCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    var cmd = WorkerCommands.commandLine(env);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void theCodecServerCommandNeedsTheKey() {
    assertThat(run(Map.of(), "codec-server", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: the codec server needs the payload key: set FULLECS_PAYLOAD_KEY"
        + System.lineSeparator());
  }

  @Test
  void aKeyThatIsNotBase64IsRefusedInOneSentence() {
    assertThat(run(Map.of(PayloadEncryption.KEY, "not base64!"), "codec-server", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: FULLECS_PAYLOAD_KEY is not valid base64" + System.lineSeparator());
  }

  @Test
  void anUnknownCommandOrOptionIsExit2WithASentence() {
    assertThat(run(Map.of(), "codec-server", "--prot", "0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Unknown options: '--prot', '0'")
        .contains("(see `worker.jar codec-server --help`)");
  }

  @Test
  void helpNamesTheCodecServer() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("codec-server").contains("Without arguments: the worker");
  }

  @Test
  void withTheKeyItServesDecodeOnLoopback() throws Exception {
    byte[] key = new byte[32];
    String b64 = Base64.getEncoder().encodeToString(key);
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AtomicInteger code = new AtomicInteger(-1);
    Thread server = new Thread(() -> code.set(run(Map.of(PayloadEncryption.KEY, b64), "codec-server",
        "--port", String.valueOf(port))), "codec-server-test");
    server.setDaemon(true);
    server.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> answer = null;
    for (int i = 0; i < 100 && answer == null; i++) {
      try {
        answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/decode"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"payloads\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(answer).as(err.toString()).isNotNull();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(out.toString()).startsWith("codec server on http://127.0.0.1:" + port + " (POST /encode, /decode)");
    assertThat(code.get()).isEqualTo(-1);
  }
}
