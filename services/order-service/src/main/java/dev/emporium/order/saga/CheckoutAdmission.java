package dev.emporium.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Load shedding at the door of the checkout. Past saturation a queue of sagas only grows: every order waits longer,
 * more of them time out, and the work spent on them is wasted. So a new order is admitted only while fewer than
 * {@code emporium.checkout.max-in-flight} sagas are still being worked on for the first time (counted in the
 * database, so every instance sees the same number, re-counted at most every {@code recount-every}); beyond that
 * {@code POST /api/orders} answers 503 problem+json with {@code Retry-After} before it does any work and stores
 * nothing. Sagas re-sending commands to a participant that does not answer are not counted: they wait, they do not
 * load the platform. Shed requests are counted in {@code emporium_orders_shed_total}.
 */
@Component
public class CheckoutAdmission {

    private final LongSupplier inFlight;
    private final int maxInFlight;
    private final long recountNanos;
    private final Clock clock;
    private final Counter shed;
    private volatile Counted counted = new Counted(0, Instant.MIN);

    @Autowired
    CheckoutAdmission(SagaStates sagas, CheckoutProperties properties, MeterRegistry meters, Clock clock) {
        this(sagas::countInFlight, properties.maxInFlight(), properties.recountEvery(), meters, clock);
    }

    CheckoutAdmission(LongSupplier inFlight, int maxInFlight, Duration recountEvery, MeterRegistry meters, Clock clock) {
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
        this.recountNanos = recountEvery.toNanos();
        this.clock = clock;
        this.shed = Counter.builder("emporium.orders.shed")
                .description("Orders refused with 503 because the checkout was at capacity").register(meters);
    }

    /** Returns when a new checkout may start; otherwise throws the 503 answer. */
    public void admit() {
        if (inFlight() >= maxInFlight) {
            shed.increment();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The checkout is at capacity; nothing was stored. Try again in a moment.");
            problem.setTitle("Service Unavailable");
            problem.setProperty("reason", "checkout-at-capacity");
            ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
            busy.getHeaders().set("Retry-After", "1");
            throw busy;
        }
    }

    private long inFlight() {
        Counted last = counted;
        Instant now = clock.instant();
        if (last.at.isAfter(now.minusNanos(recountNanos))) {
            return last.value;
        }
        Counted fresh = new Counted(inFlight.getAsLong(), now);
        counted = fresh;
        return fresh.value;
    }

    private record Counted(long value, Instant at) {
    }
}
