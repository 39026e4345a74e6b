package dev.emporium.e2e;

import java.util.List;

/** {@code ./emporium --topology monolith}: every service a module of one JVM. */
class MonolithIT extends MonolithTopologies {

    @Override
    int portOffset() {
        return 21000;
    }

    @Override
    List<String> extracted() {
        return List.of();
    }
}
