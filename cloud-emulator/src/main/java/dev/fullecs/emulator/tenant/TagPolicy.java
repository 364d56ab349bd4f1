package dev.fullecs.emulator.tenant;

import dev.fullecs.emulator.refusal.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tag keys every image of the tenant must carry. */
public class TagPolicy {
  public List<String> requiredKeys = new ArrayList<>();

  /** Refuses (TAG_POLICY_VIOLATION) tags that lack a key the policy requires. */
  public void check(Set<String> keys) {
    for (String required : requiredKeys) {
      if (!keys.contains(required)) {
        throw Refusal.unacceptable("TAG_POLICY_VIOLATION",
            "the tenant's tag policy requires the tag key '" + required + "'");
      }
    }
  }
}
