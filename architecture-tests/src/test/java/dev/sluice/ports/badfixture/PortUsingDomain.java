package dev.sluice.ports.badfixture;

import dev.sluice.domain.route.RetryPolicy;

/** Bad fixture: a port that knows a domain type, turning the domain → ports arrow around. */
public interface PortUsingDomain {

    RetryPolicy retryPolicyOf(String route);
}
