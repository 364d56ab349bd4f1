package dev.fullecs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.worker.WorkerFactoryOptions;
import org.junit.jupiter.api.Test;

/** The cache bounds the worker's threads now that a wait holds none (issue 15). */
class FactoryOptionsTest {

  @Test
  void theDefaultCacheBoundsTheWorkflowThreadsWellUnderThreeHundred() {
    WorkerFactoryOptions options = ImageWorker.factoryOptions(ImageWorker.DEFAULT_CACHE);
    assertThat(options.getWorkflowCacheSize()).isEqualTo(75);
    assertThat(options.getMaxWorkflowThreadCount()).isEqualTo(225);
  }

  @Test
  void aSmallerCacheGetsThreeWorkflowThreadsPerCachedCreation() {
    WorkerFactoryOptions options = ImageWorker.factoryOptions(70);
    assertThat(options.getWorkflowCacheSize()).isEqualTo(70);
    assertThat(options.getMaxWorkflowThreadCount()).isEqualTo(210);
  }

  @Test
  void theSystemPropertySetsTheCache() {
    String before = System.getProperty(ImageWorker.CACHE_PROPERTY);
    System.setProperty(ImageWorker.CACHE_PROPERTY, "80");
    try {
      assertThat(ImageWorker.factoryOptions().getWorkflowCacheSize()).isEqualTo(80);
    } finally {
      if (before == null) {
        System.clearProperty(ImageWorker.CACHE_PROPERTY);
      } else {
        System.setProperty(ImageWorker.CACHE_PROPERTY, before);
      }
    }
  }
}
