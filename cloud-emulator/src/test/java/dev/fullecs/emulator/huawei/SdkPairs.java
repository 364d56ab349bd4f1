package dev.fullecs.emulator.huawei;

import com.huaweicloud.sdk.core.HttpListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, through the SDK's own {@link HttpListener}, one request/response pair of each mapped call
 * as the emulator served it to the SDK, and writes them to {@code target/huawei-sdk-pairs.md}.
 * A test names the call it is about to make ({@link #call}); the first pair under each name is kept.
 */
final class SdkPairs {
  static final Path FILE = Path.of("target", "huawei-sdk-pairs.md");
  private static final Map<String, String> PAIRS = new ConcurrentHashMap<>();
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  private SdkPairs() {}

  /** The SDK call the next request is made for (e.g. {@code ECS ShowServer}); null records nothing. */
  static void call(String name) {
    CURRENT.set(name);
  }

  static List<HttpListener> listeners() {
    return List.of(
        HttpListener.forRequestListener(r -> REQUEST.set(r.httpMethod() + " " + r.uri() + "\n"
            + headers(r.headers()) + r.body().map(b -> "\n" + b).orElse(""))),
        HttpListener.forResponseListener(r -> {
          String name = CURRENT.get();
          if (name != null && REQUEST.get() != null) {
            PAIRS.putIfAbsent(name, "### " + name + "\n\n```\n" + REQUEST.get() + "\n```\n\n```\n" + r.statusCode() + "\n"
                + headers(r.headers()) + r.body().map(b -> "\n" + b).orElse("") + "\n```\n");
          }
        }));
  }

  /** The headers a reader needs: the signature shortened, the transport's own left out. */
  private static String headers(Map<String, List<String>> headers) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(headers).forEach((k, v) -> {
      String name = k == null ? "" : k;
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.isEmpty() || lower.equals("user-agent") || lower.equals("connection") || lower.equals("date")
          || lower.equals("transfer-encoding") || lower.equals("accept-encoding") || lower.equals("content-length")) {
        return;
      }
      String value = String.join(",", v);
      if (lower.equals("authorization") && value.length() > 120) {
        value = value.substring(0, value.indexOf("Signature=") + 10 + 16) + "...";
      }
      b.append(name).append(": ").append(value).append('\n');
    });
    return b.toString();
  }

  static void write() {
    StringBuilder out = new StringBuilder("# Huawei's API as the emulator served it to the official SDK\n\n"
        + "One request/response pair per mapped call, recorded by the SDK's HttpListener in the emulator's tests"
        + " (dev.fullecs.emulator.huawei). The signature is shortened.\n\n");
    new TreeMap<>(PAIRS).values().forEach(p -> out.append(p).append('\n'));
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
