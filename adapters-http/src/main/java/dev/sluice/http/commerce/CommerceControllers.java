package dev.sluice.http.commerce;

import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.in.ManageCommerce.Entity;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The S3 endpoints, one controller per entity; present when the app provides {@link ManageCommerce}. */
final class CommerceControllers {

    private CommerceControllers() {}

    @Controller("/api/organizations")
    @Requires(beans = ManageCommerce.class)
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "organizations")
    static final class Organizations extends CommerceEndpoints {
        Organizations(ManageCommerce commerce, JsonMapper json) {
            super(commerce, json, Entity.ORGANIZATION);
        }
    }

    @Controller("/api/customers")
    @Requires(beans = ManageCommerce.class)
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "customers")
    static final class Customers extends CommerceEndpoints {
        Customers(ManageCommerce commerce, JsonMapper json) {
            super(commerce, json, Entity.CUSTOMER);
        }
    }

    @Controller("/api/orders")
    @Requires(beans = ManageCommerce.class)
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "orders")
    static final class Orders extends CommerceEndpoints {
        Orders(ManageCommerce commerce, JsonMapper json) {
            super(commerce, json, Entity.ORDER);
        }
    }

    @Controller("/api/invoices")
    @Requires(beans = ManageCommerce.class)
    @Secured(SecurityRule.IS_ANONYMOUS)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "invoices")
    static final class Invoices extends CommerceEndpoints {
        Invoices(ManageCommerce commerce, JsonMapper json) {
            super(commerce, json, Entity.INVOICE);
        }
    }
}
