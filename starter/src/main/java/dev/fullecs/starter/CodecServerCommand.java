package dev.fullecs.starter;

import dev.fullecs.worker.AesGcmPayloadCodec;
import dev.fullecs.worker.PayloadEncryption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve Temporal's remote codec protocol (POST /encode, /decode) with the payload key of",
      "FULLECS_PAYLOAD_KEY, so that the Web UI shows encrypted payloads to an operator:",
      "temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8888"
    })
final class CodecServerCommand implements Callable<Integer> {
  @ParentCommand FullEcsCli root;
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8888", description = "Port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--ui-origin", defaultValue = "http://localhost:8233",
      description = "The Web UI's origin, allowed by CORS. Default: ${DEFAULT-VALUE}.")
  String uiOrigin;

  @Override
  public Integer call() throws Exception {
    AesGcmPayloadCodec codec;
    try {
      codec = PayloadEncryption.codec(System.getenv()).orElseThrow(() -> StarterException.refused(
          "the codec server needs the payload key: set " + PayloadEncryption.KEY));
    } catch (IllegalArgumentException e) {
      throw StarterException.refused(e.getMessage());
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
    return ExitCodes.DONE;
  }
}
