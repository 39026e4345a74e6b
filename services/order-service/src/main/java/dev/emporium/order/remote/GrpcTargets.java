package dev.emporium.order.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Where a gRPC call goes: an instance of the service chosen by Spring Cloud LoadBalancer — the same discovery as every
 * other call: Eureka on a laptop (round-robin over the registered instances), the Kubernetes Service DNS name under
 * the {@code kubernetes} profile (one name: the Service picks a pod per connection, and the servers end each
 * connection after {@code spring.grpc.server.keep-alive.max-age}, so new pods get their share) — at the port the
 * instance registered as {@code grpc-port} in its metadata. One channel per instance address, kept (an idle channel
 * drops its connection after Spring gRPC's idle timeout and reconnects on the next call); addresses of instances gone
 * for good keep an idle channel each until the service stops. The channels come from Spring gRPC's factory: its global interceptors (observation: a client span and
 * {@code traceparent} on every call) and {@code spring.grpc.client.default-channel.*} apply, and it closes them at
 * shutdown.
 */
public class GrpcTargets {

    static final String GRPC_PORT = "grpc-port";

    private final LoadBalancerClient loadBalancer;
    private final GrpcChannelFactory channels;
    private final Map<String, ManagedChannel> open = new ConcurrentHashMap<>();

    public GrpcTargets(LoadBalancerClient loadBalancer, GrpcChannelFactory channels) {
        this.loadBalancer = loadBalancer;
        this.channels = channels;
    }

    /** A channel to one instance of {@code serviceId}; UNAVAILABLE when discovery knows none that serves gRPC. */
    ManagedChannel channel(String serviceId) {
        ServiceInstance instance = loadBalancer.choose(serviceId);
        if (instance == null) {
            throw Status.UNAVAILABLE.withDescription("no instance of " + serviceId + " in discovery").asRuntimeException();
        }
        String port = instance.getMetadata().get(GRPC_PORT);
        if (port == null) {
            throw Status.UNAVAILABLE.withDescription(serviceId + " instance " + instance.getInstanceId()
                    + " registered no " + GRPC_PORT).asRuntimeException();
        }
        String address = instance.getHost() + ":" + port;
        ManagedChannel channel = open.get(address);
        return channel != null ? channel : opened(address);
    }

    /** One at a time: Spring gRPC's factory keeps the channels it made (to close them) in a plain list. */
    private synchronized ManagedChannel opened(String address) {
        return open.computeIfAbsent(address, channels::createChannel);
    }
}
