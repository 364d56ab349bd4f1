package dev.fullecs.cloud;

import dev.fullecs.cloud.huaweicloud.HuaweiImageCloud;
import dev.fullecs.cloud.huaweicloud.HuaweiSettings;
import dev.fullecs.cloud.huaweicloud.HuaweiSettingsLoader;
import java.util.Locale;
import java.util.Map;

/**
 * Which cloud a process talks to, chosen once at start-up by {@code FULLECS_CLOUD} ({@code emulator},
 * the default, or {@code huaweicloud}), for the worker and the starter alike. The emulator is reached
 * by {@link HttpCloudClient} with {@code FULLECS_CLOUD_URL} and a token; Huawei Cloud by {@link
 * HuaweiImageCloud} with the settings {@link HuaweiSettingsLoader} reads (the SDK's AK/SK variables or
 * a credentials file, region, optional endpoint).
 */
public final class Clouds {
  public static final String VARIABLE = "FULLECS_CLOUD";

  private Clouds() {}

  /** The two implementations of the port. */
  public enum Kind {
    EMULATOR,
    HUAWEICLOUD;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code FULLECS_CLOUD}; throws {@link IllegalArgumentException} with one sentence if unknown. */
  public static Kind kind(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return Kind.EMULATOR;
    }
    for (Kind k : Kind.values()) {
      if (k.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        VARIABLE + "=" + value + " is not a cloud: use emulator (the default) or huaweicloud");
  }

  /**
   * The tenant's side of the port for the starter: the emulator's own API at {@code cloudUrl} with the
   * tenant's token, or Huawei Cloud with the project's AK/SK from the environment.
   */
  public static TenantCloud tenantCloud(
      Map<String, String> env, String cloudUrl, String tenant, String token) {
    return switch (kind(env)) {
      case EMULATOR -> new dev.fullecs.cloud.emulator.EmulatorTenantCloud(cloudUrl, tenant, token);
      case HUAWEICLOUD -> new dev.fullecs.cloud.huaweicloud.HuaweiTenantCloud(huaweiSettings(env, HttpCloudClient.WORKER_QUICK_RETRIES), tenant);
    };
  }

  /**
   * Huawei Cloud through the official SDK, from the environment; throws {@link
   * IllegalArgumentException} with one sentence when a credential is missing.
   */
  public static HuaweiImageCloud huaweiCloud(Map<String, String> env, int quickRetries) {
    return new HuaweiImageCloud(huaweiSettings(env, quickRetries));
  }

  private static HuaweiSettings huaweiSettings(Map<String, String> env, int quickRetries) {
    try {
      return HuaweiSettingsLoader.fromEnvironment(env, quickRetries);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
