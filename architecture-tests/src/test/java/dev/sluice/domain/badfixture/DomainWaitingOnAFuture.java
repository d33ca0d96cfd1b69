package dev.sluice.domain.badfixture;

import java.util.concurrent.CompletionStage;

/** Bad fixture: domain code that blocks until an append is acknowledged. */
public class DomainWaitingOnAFuture {

    public Object await(CompletionStage<Object> acknowledged) {
        return acknowledged.toCompletableFuture().join();
    }
}
