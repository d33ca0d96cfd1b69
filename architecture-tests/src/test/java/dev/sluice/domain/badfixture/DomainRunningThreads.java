package dev.sluice.domain.badfixture;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Bad fixture: a domain "rule" that starts an executor to do its work. */
public class DomainRunningThreads {

    public void decideLater(Runnable decision) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(decision);
        }
    }
}
