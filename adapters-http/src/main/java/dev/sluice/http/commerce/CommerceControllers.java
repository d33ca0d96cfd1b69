package dev.sluice.http.commerce;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.http.security.ScopeName;
import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.in.NotFoundException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/** The S3 endpoints, one controller per entity; present when the app provides {@link ManageCommerce}. */
final class CommerceControllers {

    private CommerceControllers() {}

    @Controller("/api/organizations")
    @Requires(beans = ManageCommerce.class)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "organizations")
    @ScopeName("organization")
    static final class Organizations extends CommerceEndpoints {
        Organizations(ManageCommerce commerce) {
            super(commerce, Entity.ORGANIZATION);
        }
    }

    @Controller("/api/customers")
    @Requires(beans = ManageCommerce.class)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "customers")
    @ScopeName("customer")
    static final class Customers extends CommerceEndpoints {
        Customers(ManageCommerce commerce) {
            super(commerce, Entity.CUSTOMER);
        }
    }

    @Controller("/api/orders")
    @Requires(beans = ManageCommerce.class)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "orders")
    @ScopeName("order")
    static final class Orders extends CommerceEndpoints {
        Orders(ManageCommerce commerce) {
            super(commerce, Entity.ORDER);
        }
    }

    @Controller("/api/invoices")
    @Requires(beans = ManageCommerce.class)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "invoices")
    @ScopeName("invoice")
    static final class Invoices extends CommerceEndpoints {
        Invoices(ManageCommerce commerce) {
            super(commerce, Entity.INVOICE);
        }
    }

    /** The enriched orders_created stream as a table (SSE: declare a route on its topic). */
    @Controller("/api/orders-created")
    @Requires(beans = ManageCommerce.class)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Tag(name = "orders")
    static final class OrdersCreated {
        private final ManageCommerce commerce;

        OrdersCreated(ManageCommerce commerce) {
            this.commerce = commerce;
        }

        @RequiresScope("read:orders-created")
        @Get(produces = MediaType.APPLICATION_JSON)
        @Operation(summary = "Enriched orders",
                description = "Each created order joined with its organization's name and its customer's name, last "
                        + "name and e-mail at the time it was enriched (topic <prefix>orders_created).")
        List<Map<String, Object>> list() {
            return commerce.enrichedOrders();
        }

        @RequiresScope("read:orders-created")
        @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
        @Operation(summary = "One enriched order")
        Map<String, Object> get(@PathVariable String id) {
            return commerce.enrichedOrder(id).orElseThrow(() -> new NotFoundException(
                    "no enriched order with id '" + id + "' (yet)"));
        }
    }
}
