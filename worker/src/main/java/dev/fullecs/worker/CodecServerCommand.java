package dev.fullecs.worker;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar worker.jar codec-server}: an operator's tool, beside the worker because it holds the
 * same payload key ({@link PayloadEncryption}) and the worker's jar already carries the codec.
 */
@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve Temporal's remote codec protocol (POST /encode, /decode) with the payload key of",
      "FULLECS_PAYLOAD_KEY, so that the Web UI shows encrypted payloads to an operator:",
      "temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8888"
    })
final class CodecServerCommand implements Callable<Integer> {
  /** The exit code of a refused start (no or a bad payload key), as the starter's invalid input. */
  static final int REFUSED = 2;

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8888", description = "Port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--ui-origin", defaultValue = "http://localhost:8233",
      description = "The Web UI's origin, allowed by CORS. Default: ${DEFAULT-VALUE}.")
  String uiOrigin;

  CodecServerCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    AesGcmPayloadCodec codec;
    try {
      codec = PayloadEncryption.codec(env).orElse(null);
    } catch (IllegalArgumentException e) {
      return refuse(e.getMessage());
    }
    if (codec == null) {
      return refuse("the codec server needs the payload key: set " + PayloadEncryption.KEY);
    }
    try (CodecServer server = CodecServer.start(bind, port, codec, uiOrigin)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("codec server on http://" + bind + ":" + server.port() + " (POST /encode, /decode), UI origin "
          + uiOrigin + "; Ctrl-C stops it");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  private int refuse(String sentence) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + sentence);
    err.flush();
    return REFUSED;
  }
}
