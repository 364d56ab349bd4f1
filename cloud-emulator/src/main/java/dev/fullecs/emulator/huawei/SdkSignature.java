package dev.fullecs.emulator.huawei;

import dev.fullecs.emulator.http.Access;
import dev.fullecs.emulator.http.ApiException;
import dev.fullecs.emulator.http.Authentication;
import dev.fullecs.emulator.http.Request;
import dev.fullecs.emulator.http.Route;
import dev.fullecs.emulator.refusal.Refusal;
import dev.fullecs.emulator.store.Store;
import dev.fullecs.emulator.tenant.AccessKey;
import dev.fullecs.emulator.tenant.Caller;
import dev.fullecs.emulator.tenant.TokenKind;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei Cloud's AK/SK request signature ({@code SDK-HMAC-SHA256}, as the official SDKs sign), verified
 * against the AK/SK pairs of the inventory.
 *
 * <p>The signed request: {@code Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2;...>,
 * Signature=<hex>} and {@code X-Sdk-Date: yyyyMMdd'T'HHmmss'Z'}. The canonical request is the method,
 * the path with each segment URL-encoded and a {@code /} after each (so it ends in {@code /}), the
 * query parameters URL-encoded and sorted by name, each signed header as {@code name:value} on its own
 * line, the signed header names, and the hex SHA-256 of the body (or the {@code X-Sdk-Content-Sha256}
 * header's value), joined by newlines; the string to sign is the algorithm, the date and the hex
 * SHA-256 of the canonical request; the signature is the hex HMAC-SHA256 of it under the SK.
 *
 * <p>Refusals are the API gateway's, as the real cloud answers them (401, {@code APIGW.0301},
 * "Incorrect IAM authentication information: ..."): no signature ({@code x-auth-token not found}),
 * an unknown or revoked AK ({@code Get secretKey failed}), a wrong signature ({@code verify aksk
 * signature fail}), a date more than 15 minutes from the wall clock ({@code signature expired}; the
 * wall clock, as the SDK signs with it, not the emulator's task clock, which a test may move).
 *
 * <p>The tenant is the Huawei project the request names: the path's {@code {project_id}}, or the
 * {@code X-Project-Id} header where the path has none (IMS). A tenant's pair acts for its own project
 * only; the image service's pair for any project (F22, F23); any other project is refused (403,
 * {@code APIGW.0302}). A route for the image service's credential only refuses a tenant's pair as the
 * route's surface maps {@code SERVICE_TOKEN_REQUIRED}.
 */
public final class SdkSignature implements Authentication {
  public static final String ALGORITHM = "SDK-HMAC-SHA256";
  /** How far the signature's date may be from the cloud's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final String GATEWAY_AUTH = "APIGW.0301";
  static final String GATEWAY_FORBIDDEN = "APIGW.0302";
  private static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String IAM = "Incorrect IAM authentication information: ";

  private final Clock wallClock;

  /** A signature checked against the system's wall clock. */
  public SdkSignature() {
    this(Clock.systemUTC());
  }

  public SdkSignature(Clock wallClock) {
    this.wallClock = wallClock;
  }

  @Override
  public Caller authenticate(Route route, Request request, Store store) {
    if (route.access() == Access.NONE) {
      return Caller.ANONYMOUS;
    }
    AccessKey key = verify(request, store);
    String project = request.params().get("project_id");
    if (project == null) {
      project = request.header("X-Project-Id");
    }
    if (project == null || project.isBlank()) {
      throw Refusal.invalid("the X-Project-Id header is required: this path names no project");
    }
    TokenKind kind = key.keyKind();
    boolean exists = store.world() != null && store.world().tenant(project) != null;
    if (!exists || kind == TokenKind.TENANT && !project.equals(key.tenant)) {
      throw new ApiException(403, GATEWAY_FORBIDDEN, "The IAM user is not authorized to access the API: "
          + "the access key does not act for project " + project);
    }
    if (route.access() == Access.SERVICE && kind != TokenKind.SERVICE) {
      throw Refusal.forbidden("SERVICE_TOKEN_REQUIRED",
          "only the image service's credential may call " + route.operation());
    }
    return new Caller(kind, project);
  }

  /** The pair that signed the request, if its signature and date are right; else the gateway's refusal. */
  private AccessKey verify(Request request, Store store) {
    String authorization = request.header("Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw refused("x-auth-token not found");
    }
    Map<String, String> auth = parseAuthorization(authorization);
    String ak = auth.get("Access");
    String signedHeaders = auth.get("SignedHeaders");
    String signature = auth.get("Signature");
    if (ak == null || signedHeaders == null || signature == null) {
      throw refused("the Authorization header is not an " + ALGORITHM + " signature");
    }
    AccessKey key = store.accessKey(ak);
    if (key == null || key.revoked) {
      throw refused("Get secretKey failed,ak:" + ak + ",err:ak not exist");
    }
    List<String> names = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
    String date = request.header("X-Sdk-Date");
    if (date == null || !names.contains("x-sdk-date") || !names.contains("host")) {
      throw refused("verify aksk signature fail, the signed headers must include host and x-sdk-date");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(SDK_DATE.parse(date));
    } catch (DateTimeParseException e) {
      throw refused("verify aksk signature fail, x-sdk-date " + date + " is not yyyyMMddTHHmmssZ");
    }
    Instant now = wallClock.instant();
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      throw refused("calc aksk signature fail:signature expired, signature time:" + date + ",server time:"
          + SDK_DATE.format(now));
    }
    String canonical = canonicalRequest(request, names);
    String stringToSign = ALGORITHM + "\n" + date + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] expected = hmacSha256(key.sk, stringToSign);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.trim());
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw refused("verify aksk signature fail, canonicalRequest:" + canonical.replace('\n', '|'));
    }
    return key;
  }

  private static ApiException refused(String why) {
    return new ApiException(401, GATEWAY_AUTH, IAM + why);
  }

  /** {@code SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex} as its named parts. */
  static Map<String, String> parseAuthorization(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    String h = header.trim();
    if (!h.startsWith(ALGORITHM + " ")) {
      return out;
    }
    for (String part : h.substring(ALGORITHM.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  /** The canonical request the client signed, rebuilt from what the server received. */
  static String canonicalRequest(Request request, List<String> signedHeaderNames) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaderNames) {
      String value = request.header(name);
      headers.append(name).append(':').append(value == null ? "" : value).append('\n');
    }
    String payloadHash = request.header("X-Sdk-Content-Sha256");
    if (payloadHash == null) {
      payloadHash = sha256Hex(request.body().get());
    }
    return String.join("\n", request.method(), canonicalUri(request.rawPath()), canonicalQuery(request.rawQuery()),
        headers.toString(), String.join(";", signedHeaderNames), payloadHash);
  }

  /** Each path segment URL-encoded, each followed by {@code /}: {@code /v1/p/cloudservers/s/}. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    StringBuilder b = new StringBuilder();
    for (String segment : rawPath.split("/")) {
      b.append(urlEncode(decode(segment))).append('/');
    }
    return b.toString();
  }

  /** The query's parameters URL-encoded, sorted by name, values in the order sent: {@code a=1&b=2&b=3}. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      sorted.computeIfAbsent(urlEncode(k), x -> new ArrayList<>()).add(urlEncode(v));
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, values) -> values.forEach(v -> parts.add(k + "=" + v)));
    return String.join("&", parts);
  }

  /** URL-encoding as the signature wants it: RFC 3986 unreserved characters kept, space as {@code %20}. */
  static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmacSha256(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
