package dev.fullecs.worker;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Temporal's remote codec protocol, for the Web UI and the CLI ({@code --ui-codec-endpoint}):
 * {@code POST /encode} and {@code POST /decode} take and return {@code {"payloads":[...]}} in
 * protobuf JSON. Answers CORS preflights for one UI origin. Anyone who can reach it can decrypt
 * payloads, so it binds 127.0.0.1 by default; the trust boundary is access to the namespace and
 * to this port.
 */
public final class CodecServer implements AutoCloseable {
  /** Largest body accepted: a page of a history's payloads. */
  static final int MAX_BODY_BYTES = 16 << 20;

  private final HttpServer server;
  private final PayloadCodec codec;
  private final String origin;

  private CodecServer(HttpServer server, PayloadCodec codec, String origin) {
    this.server = server;
    this.codec = codec;
    this.origin = origin;
  }

  public static CodecServer start(String bind, int port, PayloadCodec codec, String uiOrigin) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 0);
    CodecServer s = new CodecServer(http, codec, uiOrigin);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
      ex.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
      ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization");
      ex.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
      ex.getResponseHeaders().set("Vary", "Origin");
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("OPTIONS")) {
        ex.sendResponseHeaders(204, -1);
        return;
      }
      boolean encode = path.endsWith("/encode");
      boolean decode = path.endsWith("/decode");
      if (!encode && !decode) {
        reply(ex, 404, "{\"error\":\"POST /encode or /decode\"}");
        return;
      }
      if (!method.equals("POST")) {
        reply(ex, 405, "{\"error\":\"POST only\"}");
        return;
      }
      byte[] body = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        reply(ex, 413, "{\"error\":\"body too large\"}");
        return;
      }
      Payloads.Builder in = Payloads.newBuilder();
      try {
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), in);
      } catch (IOException | RuntimeException e) {
        reply(ex, 400, "{\"error\":\"the body must be {\\\"payloads\\\":[...]} in protobuf JSON\"}");
        return;
      }
      List<io.temporal.api.common.v1.Payload> out;
      try {
        out = encode ? codec.encode(in.getPayloadsList()) : codec.decode(in.getPayloadsList());
      } catch (RuntimeException e) {
        reply(ex, 400, "{\"error\":\"cannot " + (encode ? "encode" : "decode") + " the payloads\"}");
        return;
      }
      reply(ex, 200, JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(out)));
    }
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
