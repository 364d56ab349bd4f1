package dev.fullecs.workflows;

import io.temporal.client.*;
import io.temporal.serviceclient.*;
import io.temporal.worker.*;
import io.temporal.workflow.*;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.*;
import org.junit.jupiter.api.Test;

public class ScratchResetExp {
  @WorkflowInterface
  public interface W {
    @WorkflowMethod String run();
    @SignalMethod void go();
    @QueryMethod List<String> seen();
  }
  public static class WImpl implements W {
    List<String> seen = new ArrayList<>();
    int go;
    void note(String at) {
      if (Workflow.isReplaying() && !Workflow.getInfo().getRunId().equals(Workflow.getInfo().getFirstExecutionRunId())) System.out.println("REPLAYNOTE " + at + " run=" + Workflow.getInfo().getRunId()); 
      WorkflowInfo i = Workflow.getInfo();
      seen.add(at + " replaying=" + Workflow.isReplaying() + " run=" + i.getRunId() + " first=" + i.getFirstExecutionRunId() + " orig=" + i.getOriginalExecutionRunId());
    }
    public String run() {
      note("start");
      Workflow.sleep(Duration.ofMillis(10));
      note("after-timer-1");
      Workflow.await(() -> go > 0);
      note("after-signal");
      Workflow.sleep(Duration.ofMillis(10));
      note("end");
      return String.join("\n", seen);
    }
    public void go() { go++; }
    public List<String> seen() { return seen; }
  }

  @Test
  void exp() throws Exception {
    WorkflowServiceStubs s = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:37233").build());
    WorkflowClient c = WorkflowClient.newInstance(s);
    WorkerFactory f = WorkerFactory.newInstance(c);
    Worker w = f.newWorker("exp");
    w.registerWorkflowImplementationTypes(WImpl.class);
    f.start();
    W stub = c.newWorkflowStub(W.class, WorkflowOptions.newBuilder().setTaskQueue("exp").setWorkflowId("exp-3").build());
    WorkflowClient.start(stub::run);
    Thread.sleep(1000);
    stub.go();
    System.out.println("RESULT1\n" + WorkflowStub.fromTyped(stub).getResult(String.class));
    // reset to first workflow task via CLI
    Process p = new ProcessBuilder("temporal", "workflow", "reset", "--address", "127.0.0.1:37233", "-w", "exp-3", "--type", "LastWorkflowTask", "--reason", "exp").inheritIO().start();
    p.waitFor();
    Thread.sleep(2000);
    W again = c.newWorkflowStub(W.class, "exp-3");
    System.out.println("RESULT2\n" + WorkflowStub.fromTyped(again).getResult(String.class));
    var hist = c.fetchHistory("exp-3");
    WorkflowReplayer.replayWorkflowExecution(hist, WImpl.class);
    System.out.println("REPLAY of reset ok");
    var first = c.fetchHistory("exp-3", WorkflowStub.fromTyped(stub).getExecution().getRunId());
    String json = first.toJson(true);
    WorkflowReplayer.replayWorkflowExecution(io.temporal.common.WorkflowExecutionHistory.fromJson(json), WImpl.class);
    System.out.println("JSON REPLAY ok");
    f.shutdownNow();
  }
}
