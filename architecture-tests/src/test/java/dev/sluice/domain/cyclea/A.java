package dev.sluice.domain.cyclea;

import dev.sluice.domain.cycleb.B;

/** Bad fixture: one half of a package cycle {@code cyclea ↔ cycleb}. */
public class A {

    public B next() {
        return new B();
    }
}
