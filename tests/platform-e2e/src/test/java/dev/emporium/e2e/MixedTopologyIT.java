package dev.emporium.e2e;

import java.util.List;

/** {@code ./emporium --topology monolith --extract order-service}: the saga's orchestrator extracted, the rest in one JVM. */
class MixedTopologyIT extends MonolithTopologies {

    @Override
    int portOffset() {
        return 22000;
    }

    @Override
    List<String> extracted() {
        return List.of("order-service");
    }
}
