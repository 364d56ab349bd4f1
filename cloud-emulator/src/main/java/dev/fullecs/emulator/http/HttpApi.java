package dev.fullecs.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fullecs.emulator.fault.Faults;
import dev.fullecs.emulator.fault.OperationFaults;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.IdempotencyRecord;
import dev.fullecs.emulator.store.Json;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.tenant.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: routing, faults, credentials, idempotency, one log line per request. Handlers
 * behind it only see a {@link Call}. What it does around a handler follows from the route's
 * declaration ({@link Route}), whatever surface the route belongs to; a refusal of the domain is
 * answered as the route's surface maps it.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger REQUESTS = LoggerFactory.getLogger("dev.fullecs.emulator.requests");
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Threads that may serve requests at once; long-polls and hangs each hold one. */
  private static final int MAX_THREADS = 2000;
  /** The largest request body accepted (the biggest real one, an image with 20 tags, is ~5 KiB). */
  static final int MAX_BODY_BYTES = 1 << 20;

  static {
    // Without TCP_NODELAY each small answer waits ~40 ms for a delayed ACK (Nagle). Read once by the JDK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Router router;
  private final Store store;
  private final Faults faults;
  private final RequestStats stats;
  private final HttpServer server;
  private final ExecutorService executor;

  public HttpApi(Router router, Store store, Faults faults, RequestStats stats, String bind, int port)
      throws IOException {
    this.router = router;
    this.store = store;
    this.faults = faults;
    this.stats = stats;
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 1024);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "emulator-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = new ThreadPoolExecutor(8, MAX_THREADS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), tf);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getAddress().getHostAddress();
  }

  private void handle(HttpExchange ex) {
    long t0 = System.nanoTime();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String operation = "unknown";
    Route route = null;
    String requestId = null;
    int status;
    // The request is counted before its answer is sent (see send), so that whoever has the answer
    // finds it in /admin/stats: counted after ex.close(), a client's next call could read the stats
    // first (StatsTest failed so under load).
    String[] counted = {"unknown"};
    boolean longPoll = isLongPoll(ex.getRequestURI().getRawQuery());
    java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable record = () -> {
      if (recorded.compareAndSet(false, true)) {
        stats.record(counted[0], longPoll, System.nanoTime() - t0);
      }
    };
    ex.setAttribute(STATS_RECORD, record);
    try {
      Router.Match match = router.match(method, path);
      route = match.route();
      operation = route.operation();
      counted[0] = operation;
      if (route.surface().requestIdHeader() != null) {
        requestId = UUID.randomUUID().toString().replace("-", "");
        ex.getResponseHeaders().set(route.surface().requestIdHeader(), requestId);
      }
      status = serve(ex, match, method);
    } catch (ApiException e) {
      status = sendError(ex, route, e, requestId);
    } catch (Refusal r) {
      // only a matched route's handler (or its surface's authentication) reaches the domain
      status = sendError(ex, route, route.refusals().map(r), requestId);
    } catch (RuntimeException e) {
      LOG.error("internal error on {} {}", method, path, e);
      status = sendError(ex, route, new ApiException(500, "INTERNAL_ERROR", "internal error: " + e.getMessage()),
          requestId);
    } finally {
      ex.close();
    }
    record.run(); // a dropped answer (status -1) was not sent: counted here
    long nanos = System.nanoTime() - t0;
    long ms = nanos / 1_000_000;
    REQUESTS.info("{} {} {} {}ms {}", method, path, status < 0 ? "dropped" : status, ms, operation);
  }

  /** Serves a matched request; returns the status sent, or -1 if the response was dropped. */
  private int serve(HttpExchange ex, Router.Match match, String method) {
    Route route = match.route();
    String path = ex.getRequestURI().getPath();
    boolean cloud = route.cloudOperation();
    OperationFaults f = null;
    if (cloud) {
      if (faults.outage()) {
        throw new ApiException(503, "SERVICE_UNAVAILABLE", "the service is unavailable (outage)");
      }
      f = faults.of(route.operation());
      switch (faults.draw(f)) {
        case THROTTLE -> {
          ex.getResponseHeaders().set("Retry-After", "1");
          throw new ApiException(429, "THROTTLED", "too many requests for " + route.operation() + "; retry later");
        }
        case ERROR_500 -> throw new ApiException(500, "INTERNAL_ERROR", "injected internal error");
        case UNAVAILABLE_503 -> throw new ApiException(503, "SERVICE_UNAVAILABLE", "injected: service temporarily unavailable");
        case HANG -> {
          sleep(f.hangMs);
          return -1;
        }
        case NONE -> { }
      }
      if (f != null && f.delayMs > 0) {
        sleep(f.delayMs);
      }
      if (f != null && f.refuses()) {
        throw new ApiException(f.refuseStatus, f.refuseCode,
            "injected: " + route.operation() + " is refused until the fault is lifted");
      }
    }
    byte[][] read = new byte[1][];
    Supplier<byte[]> body = () -> {
      if (read[0] == null) {
        read[0] = readBody(ex);
      }
      return read[0];
    };
    String rawQuery = ex.getRequestURI().getRawQuery();
    Request request = new Request(method, ex.getRequestURI().getRawPath(), rawQuery, ex.getRequestHeaders(),
        match.params(), body);
    Caller caller = route.surface().authentication().authenticate(route, request, store);
    Map<String, String> query = parseQuery(rawQuery);
    String key = route.idempotencyKey().header() == null ? null : ex.getRequestHeaders().getFirst(route.idempotencyKey().header());
    key = key == null || key.isBlank() ? null : key.trim();
    Call call = new Call(method, path, match.params(), query, body.get(), caller, route.operation(), key);
    Reply reply;
    if (route.mutating()) {
      reply = cloud ? writeIdempotently(route, call) : store.write(caller, route.operation(), tx -> route.writer().handle(call, tx));
    } else {
      reply = route.reader().handle(call);
    }
    if (faults.loseResponse(f)) {
      return -1;
    }
    return send(ex, reply);
  }

  private Reply writeIdempotently(Route route, Call call) {
    String key = call.idempotencyKey();
    String header = route.idempotencyKey().header();
    if (key == null && route.idempotencyKey().required()) {
      throw new ApiException(400, "IDEMPOTENCY_KEY_REQUIRED",
          "the " + header + " header is required on " + call.method() + " " + route.template());
    }
    if (key != null && key.length() > 255) {
      throw ApiException.invalid(header + " must be at most 255 characters");
    }
    String fingerprint = call.method() + " " + call.path() + " " + new TreeMap<>(call.query()) + " "
        + Json.canonical(call.body());
    String tenant = call.tenant();
    return store.write(call.caller(), route.operation(), tx -> {
      if (key != null) {
        IdempotencyRecord first = store.idempotency(tenant, key);
        if (first != null) {
          if (!first.fingerprint.equals(fingerprint)) {
            throw new ApiException(409, "IDEMPOTENCY_KEY_REUSED",
                header + " " + key + " was already used for a different request");
          }
          return new Reply(first.status, first.body.getBytes(StandardCharsets.UTF_8), "application/json");
        }
      }
      Reply reply = route.writer().handle(call, tx);
      if (key != null && reply.status() < 300) {
        IdempotencyRecord rec = new IdempotencyRecord();
        rec.tenant = tenant;
        rec.key = key;
        rec.fingerprint = fingerprint;
        rec.status = reply.status();
        rec.body = new String(reply.body(), StandardCharsets.UTF_8);
        rec.at = tx.nowIso();
        tx.recordIdempotency(rec);
      }
      return reply;
    });
  }

  /** A read that may wait for a task ({@code wait_seconds} above 0). */
  private static boolean isLongPoll(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    int i = rawQuery.indexOf("wait_seconds=");
    if (i < 0) {
      return false;
    }
    int start = i + "wait_seconds=".length();
    return start < rawQuery.length() && rawQuery.charAt(start) != '0' && rawQuery.charAt(start) != '&';
  }

  /**
   * The body, at most {@link #MAX_BODY_BYTES}; a bigger one is read to its end (so that the client
   * gets the answer rather than a reset connection), dropped, and refused with 413.
   */
  private static byte[] readBody(HttpExchange ex) {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        long total = body.length;
        byte[] sink = new byte[64 * 1024];
        for (int n; (n = in.read(sink)) >= 0; ) {
          total += n;
        }
        throw new ApiException(413, "REQUEST_TOO_LARGE",
            "the request body has " + total + " bytes, more than the " + MAX_BODY_BYTES + " allowed");
      }
      return body;
    } catch (IOException e) {
      throw ApiException.invalid("cannot read request body: " + e.getMessage());
    }
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  /** The exchange's attribute holding the Runnable that counts the request in {@link RequestStats} once. */
  private static final String STATS_RECORD = "fullecs.stats.record";

  private static int send(HttpExchange ex, Reply reply) {
    if (ex.getAttribute(STATS_RECORD) instanceof Runnable record) {
      record.run();
    }
    try {
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        ex.getResponseBody().write(reply.body());
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    }
    return reply.status();
  }

  /** The error as the route's surface writes it (the own API's format if no route matched). */
  private static int sendError(HttpExchange ex, Route route, ApiException e, String requestId) {
    ErrorFormat format = route == null ? ErrorFormat.CODE_AND_MSG : route.surface().errors();
    return send(ex, format.reply(e, requestId));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
