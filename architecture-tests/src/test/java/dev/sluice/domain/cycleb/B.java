package dev.sluice.domain.cycleb;

import dev.sluice.domain.cyclea.A;

/** Bad fixture: the other half of the package cycle {@code cyclea ↔ cycleb}. */
public class B {

    public A back() {
        return new A();
    }
}
