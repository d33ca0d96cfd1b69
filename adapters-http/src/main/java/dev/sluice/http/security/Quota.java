package dev.sluice.http.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rate limit an endpoint counts against ({@link QuotaFilter}): each caller has a bucket per kind,
 * sized by {@code sluice.security.quotas.<kind>} or the caller's key's own
 * {@code sluice.security.api-keys.<name>.quotas.<kind>}. One request takes one token, whatever it carries
 * (a batch of items is one request).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Quota {

    /** Writing to the log: master data items, events published to a topic. */
    String INGEST = "ingest";

    /** The demo generators: demo client events, the bookstore simulator. */
    String GENERATORS = "generators";

    /** {@link #INGEST} or {@link #GENERATORS}. */
    String value();
}
