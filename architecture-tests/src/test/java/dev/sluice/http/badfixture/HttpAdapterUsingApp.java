package dev.sluice.http.badfixture;

import dev.sluice.app.badfixture.AppWiring;

/** Bad fixture: an adapter depending on the composition root. */
public class HttpAdapterUsingApp {

    public String name() {
        return AppWiring.name();
    }
}
