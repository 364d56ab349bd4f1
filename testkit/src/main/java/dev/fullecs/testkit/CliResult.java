package dev.fullecs.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** A command that ran to its end: its exit code and what it printed. */
public record CliResult(List<String> command, int exitCode, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Standard output as JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + this, e);
    }
  }

  @Override
  public String toString() {
    return String.join(" ", command) + "\nexit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
