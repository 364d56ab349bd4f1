package dev.fullecs.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per activity this worker process runs (type, workflow, attempt, outcome), so the
 * log shows which worker did which step when several share the task queue. A wait handed to the
 * task watcher is logged as such here, and its end by the watcher.
 */
final class ActivityLog extends WorkerInterceptorBase {
  private static final Logger log = LoggerFactory.getLogger(ActivityLog.class);

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityInfo info = context.getInfo();
        long started = System.nanoTime();
        log.info("activity {} started: workflow {}, attempt {}",
            info.getActivityType(), info.getWorkflowId(), info.getAttempt());
        try {
          ActivityOutput output = super.execute(input);
          if (context.isDoNotCompleteOnReturn()) {
            // A wait handed to the task watcher, which logs its end.
            log.info("activity {} handed to the task watcher: workflow {}, {} ms",
                info.getActivityType(), info.getWorkflowId(), (System.nanoTime() - started) / 1_000_000);
          } else {
            log.info("activity {} completed: workflow {}, {} ms",
                info.getActivityType(), info.getWorkflowId(), (System.nanoTime() - started) / 1_000_000);
          }
          return output;
        } catch (RuntimeException e) {
          log.info("activity {} failed: workflow {}, attempt {}: {}",
              info.getActivityType(), info.getWorkflowId(), info.getAttempt(), e.toString());
          throw e;
        }
      }
    };
  }
}
