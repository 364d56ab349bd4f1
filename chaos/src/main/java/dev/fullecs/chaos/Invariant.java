package dev.fullecs.chaos;

import java.util.ArrayList;
import java.util.List;

/** One invariant of the run and every violation found of it (none: it holds). */
final class Invariant {
  final String name;
  final List<String> violations = new ArrayList<>();
  /** How many things were checked, for the report ("200 creations", "4,210 audit entries"). */
  String checked = "";

  Invariant(String name) {
    this.name = name;
  }

  void violated(String what) {
    violations.add(what);
  }

  boolean holds() {
    return violations.isEmpty();
  }
}
