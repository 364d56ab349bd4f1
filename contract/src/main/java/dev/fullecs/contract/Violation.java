package dev.fullecs.contract;

/**
 * One broken rule (F2): a stable code, a sentence a person understands and, where one exists, the
 * remedy. Reported all together.
 */
public record Violation(String code, String message, String remedy) {

  @Override
  public String toString() {
    return remedy == null ? code + ": " + message : code + ": " + message + " (" + remedy + ")";
  }
}
