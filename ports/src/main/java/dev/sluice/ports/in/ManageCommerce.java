package dev.sluice.ports.in;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use case (scenario S3): create, update and read organizations, customers, orders and invoices. Each
 * accepted change is one past-tense event ({@code customer_updated}, ...) on the entity's log topic, and
 * reads come from the latest-value tables built from those topics, so a change and its event never
 * diverge. A rejected change writes nothing. Entities are JSON objects in canonical form.
 */
public interface ManageCommerce {

    /** The entities, with their names in paths and event types. */
    enum Entity {
        ORGANIZATION("organization", "organizations"),
        CUSTOMER("customer", "customers"),
        ORDER("order", "orders"),
        INVOICE("invoice", "invoices");

        private final String singular;
        private final String plural;

        Entity(String singular, String plural) {
            this.singular = singular;
            this.plural = plural;
        }

        public String singular() {
            return singular;
        }

        public String plural() {
            return plural;
        }

        public String createdType() {
            return singular + "_created";
        }

        public String updatedType() {
            return singular + "_updated";
        }
    }

    /**
     * Validates and records a new entity; answers it with its new {@code id}, readable by the next request.
     *
     * @throws InvalidInputException         when a field is wrong (nothing written)
     * @throws UnknownReferenceException      when it refers to an entity that does not exist (nothing written)
     */
    Map<String, Object> create(Entity entity, Object body);

    /**
     * Applies the given fields to an existing entity (fields not given keep their value).
     *
     * @throws NotFoundException             when there is no such entity
     * @throws InvalidInputException         when a field is wrong or an order's state may not change so
     * @throws UnknownReferenceException      when it refers to an entity that does not exist
     */
    Map<String, Object> update(Entity entity, String id, Object body);

    Optional<Map<String, Object>> get(Entity entity, String id);

    /** Every entity of the kind, ordered by id. */
    List<Map<String, Object>> list(Entity entity);

    /**
     * The enriched {@code orders_created} stream as a table: each created order with its organization's
     * name and its customer's name, last name and e-mail, ordered by order id.
     */
    List<Map<String, Object>> enrichedOrders();

    Optional<Map<String, Object>> enrichedOrder(String orderId);
}
