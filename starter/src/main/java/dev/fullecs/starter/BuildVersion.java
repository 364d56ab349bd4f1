package dev.fullecs.starter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The build this jar is: the project version, the git commit it was built from (with
 * {@code -dirty} when the work tree had changes) and when it was built, from {@code build.properties},
 * which Maven filters at build time (git-commit-id-maven-plugin). Outside a git checkout, and for
 * anything Maven did not fill in, "unknown".
 */
public final class BuildVersion {
  static final String RESOURCE = "build.properties";
  static final String UNKNOWN = "unknown";

  private final String version;
  private final String commit;
  private final String commitTime;
  private final String buildTime;

  BuildVersion(Properties p) {
    this.version = value(p, "version");
    String c = value(p, "commit");
    this.commit = !c.equals(UNKNOWN) && "true".equals(value(p, "dirty")) ? c + "-dirty" : c;
    this.commitTime = value(p, "commit_time");
    this.buildTime = value(p, "build_time");
  }

  /** This jar's build. */
  public static BuildVersion current() {
    Properties p = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource: every field reads "unknown"
    }
    return new BuildVersion(p);
  }

  /** {@code 0.1.0-SNAPSHOT (commit 96b1282, 2026-11-29T10:12:00Z; built 2026-11-29T11:02:03Z)}. */
  public static String describe() {
    return current().toString();
  }

  public String version() {
    return version;
  }

  public String commit() {
    return commit;
  }

  @Override
  public String toString() {
    return version + " (commit " + commit + (commitTime.equals(UNKNOWN) ? "" : ", " + commitTime)
        + "; built " + buildTime + ")";
  }

  /** A value Maven filled in, else "unknown" (missing, blank, or still a {@code ${...}} placeholder). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.trim();
  }

  /** {@code fullecs --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fullecs " + describe()};
    }
  }
}
