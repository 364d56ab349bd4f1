package dev.fullecs.cloud.huaweicloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link HuaweiSettings} from the environment, the way the SDK's users give credentials:
 *
 * <ul>
 *   <li>{@code HUAWEICLOUD_SDK_AK}, {@code HUAWEICLOUD_SDK_SK}, {@code HUAWEICLOUD_SDK_PROJECT_ID} (the
 *       SDK's own variable names): one credential, for the tenant {@code FULLECS_HUAWEICLOUD_TENANT}
 *       (default: the project id);
 *   <li>and/or a credentials file, {@code HUAWEICLOUD_SDK_CREDENTIALS_FILE} (default {@code
 *       ~/.huaweicloud/credentials}), with one section per tenant holding the SDK's keys: {@code
 *       [tenant-a]}, {@code ak = ...}, {@code sk = ...}, {@code project_id = ...} (default: the
 *       tenant's name).
 * </ul>
 *
 * Plus {@code FULLECS_HUAWEICLOUD_REGION} (default {@code cn-north-4}), {@code
 * FULLECS_HUAWEICLOUD_AZS} (comma-separated; default the region's {@code a}, {@code b}, {@code c}),
 * {@code FULLECS_HUAWEICLOUD_ENDPOINT} (one URL for every service, e.g. the emulator's), {@code
 * FULLECS_HUAWEICLOUD_FLAVOR} (servers made from an image; default {@code s6.large.2}). Credentials
 * never come from workflow input and never reach a log: {@link HuaweiSettings#toString()} names the
 * tenants only.
 */
public final class HuaweiSettingsLoader {
  static final String HOWTO = "HUAWEICLOUD_SDK_AK/_SK/_PROJECT_ID with FULLECS_HUAWEICLOUD_TENANT, or a section"
      + " [tenant] with ak, sk, project_id in HUAWEICLOUD_SDK_CREDENTIALS_FILE";

  private HuaweiSettingsLoader() {}

  public static HuaweiSettings fromEnvironment(Map<String, String> env, int quickRetries) {
    String region = env.getOrDefault("FULLECS_HUAWEICLOUD_REGION", "cn-north-4");
    String azs = env.get("FULLECS_HUAWEICLOUD_AZS");
    List<String> azList = azs == null || azs.isBlank()
        ? List.of(region + "a", region + "b", region + "c")
        : Arrays.stream(azs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    Map<String, HuaweiSettings.Credential> credentials = new LinkedHashMap<>();
    Path file = Path.of(env.getOrDefault("HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        System.getProperty("user.home") + "/.huaweicloud/credentials"));
    if (Files.isReadable(file)) {
      credentials.putAll(readFile(file));
    }
    String ak = env.get("HUAWEICLOUD_SDK_AK");
    String sk = env.get("HUAWEICLOUD_SDK_SK");
    String project = env.get("HUAWEICLOUD_SDK_PROJECT_ID");
    if (ak != null && sk != null && project != null) {
      credentials.put(env.getOrDefault("FULLECS_HUAWEICLOUD_TENANT", project),
          new HuaweiSettings.Credential(ak, sk, project));
    }
    if (credentials.isEmpty()) {
      throw new IllegalStateException("FULLECS_CLOUD=huaweicloud needs a credential per tenant: " + HOWTO);
    }
    String endpoint = env.get("FULLECS_HUAWEICLOUD_ENDPOINT");
    return new HuaweiSettings(region, azList,
        endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(endpoint),
        credentials, Duration.ofSeconds(2), Duration.ofSeconds(45), quickRetries,
        env.getOrDefault("FULLECS_HUAWEICLOUD_FLAVOR", "s6.large.2"));
  }

  /** {@code [tenant]} sections with {@code ak}, {@code sk}, {@code project_id}; {@code #} and {@code ;} comment. */
  static Map<String, HuaweiSettings.Credential> readFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the Huawei Cloud credentials file " + file, e);
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
      } else if (current != null && line.contains("=")) {
        int at = line.indexOf('=');
        current.put(line.substring(0, at).strip().toLowerCase(java.util.Locale.ROOT), line.substring(at + 1).strip());
      }
    }
    Map<String, HuaweiSettings.Credential> out = new LinkedHashMap<>();
    sections.forEach((tenant, keys) -> {
      if (keys.containsKey("ak") && keys.containsKey("sk")) {
        out.put(tenant, new HuaweiSettings.Credential(keys.get("ak"), keys.get("sk"),
            keys.getOrDefault("project_id", tenant)));
      }
    });
    return out;
  }
}
