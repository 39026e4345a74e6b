package dev.emporium.gateway.health;

import java.util.List;

/** The answer of {@code GET /api/health}, as the public contract names it. */
record PlatformHealth(String status, List<ServiceHealth> services) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    static PlatformHealth of(List<ServiceHealth> services) {
        boolean allUp = services.stream().allMatch(s -> UP.equals(s.status()));
        return new PlatformHealth(allUp ? UP : DOWN, services);
    }

    boolean isUp() {
        return UP.equals(status);
    }

    record ServiceHealth(String name, String status, List<InstanceHealth> instances) {

        static ServiceHealth of(String name, List<InstanceHealth> instances) {
            boolean anyUp = instances.stream().anyMatch(i -> UP.equals(i.status()));
            return new ServiceHealth(name, anyUp ? UP : DOWN, instances);
        }
    }

    record InstanceHealth(String id, String status) {
    }
}
