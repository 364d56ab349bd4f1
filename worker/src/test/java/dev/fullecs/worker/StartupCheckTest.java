package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullecs.contract.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupCheckTest {
  TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void reportsEverySearchAttributeThatIsNotRegisteredInOneSentence() {
    env.registerSearchAttribute("EcsId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute("TenantId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

    Optional<String> problem = StartupCheck.problem(env.getWorkflowClient(), "in-process");

    assertThat(problem).isPresent();
    assertThat(problem.get())
        .contains("ImageId", "ImageName", "ImageStatus", "Region")
        .doesNotContain("EcsId,")
        .doesNotContain("TenantId,")
        .contains("namespace default")
        .contains("temporal operator search-attribute create")
        .doesNotContain("\n");
  }

  @Test
  void passesWhenTheNamespaceIsThereAndEveryAttributeIsRegistered() {
    SearchAttributes.ALL.forEach(
        key ->
            env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));

    assertThat(StartupCheck.problem(env.getWorkflowClient(), "in-process")).isEmpty();
  }
}
