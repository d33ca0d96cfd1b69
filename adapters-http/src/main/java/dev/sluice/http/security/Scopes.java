package dev.sluice.http.security;

import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which scopes a caller holds and whether they cover the one an endpoint needs. An API key's scopes are
 * its roles; a JWT's come from its {@code roles}, {@code scope} (OAuth 2.0, space-separated) or
 * {@code scp} claims.
 */
public final class Scopes {

    /** The scope that covers every other. */
    public static final String ADMIN = "admin";

    private Scopes() {}

    /** The scopes of an authenticated caller. */
    public static Set<String> of(Authentication authentication) {
        Set<String> scopes = new LinkedHashSet<>(authentication.getRoles());
        Map<String, Object> attributes = authentication.getAttributes();
        add(scopes, attributes.get("scope"));
        add(scopes, attributes.get("scp"));
        return scopes;
    }

    private static void add(Set<String> scopes, Object claim) {
        if (claim instanceof String text) {
            for (String scope : text.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            list.forEach(item -> add(scopes, String.valueOf(item)));
        }
    }

    /** Whether {@code granted} covers {@code required}: equal, {@code admin}, or a pattern ending in {@code *}. */
    public static boolean covers(Collection<String> granted, String required) {
        for (String scope : granted) {
            if (scope.equals(ADMIN) || scope.equals(required)
                    || (scope.endsWith("*") && required.startsWith(scope.substring(0, scope.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The scope with each {@code {name}} replaced by the value of that variable. */
    static String resolve(String scope, Map<String, Object> variables) {
        String out = scope;
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            out = out.replace("{" + v.getKey() + "}", String.valueOf(v.getValue()));
        }
        return out;
    }
}
