package dev.sluice.http.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code {entity}} stands for in the {@link RequiresScope} of the methods a controller inherits: one
 * base class serves organizations, customers, orders and invoices, and each controller names its entity.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ScopeName {

    String value();
}
