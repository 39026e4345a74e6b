package dev.emporium.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Load shedding at the door of the checkout. Past saturation a queue of sagas only grows: every order waits longer,
 * more of them time out, and the work spent on them is wasted. So a new order is admitted only while fewer sagas
 * await their decision than the limit; beyond it {@code POST /api/orders} answers 503 problem+json with
 * {@code Retry-After} before it does any work and stores nothing.
 * <p>
 * The limit follows Little's law: sagas in flight = decisions per second × time to decision. It is the checkout's
 * decisions per second over the last {@code rate-window} times the {@code target-decision-time}, kept between
 * {@code min-in-flight} (what is always admitted, so an idle checkout takes a burst) and {@code max-in-flight}.
 * Past saturation the queue therefore holds about target-decision-time worth of work, whatever the platform's
 * speed: on a faster machine the rate and the limit rise together; when a participant slows down, the rate falls
 * and so does the limit. Both numbers are counted in the database, so every instance sees the same ones,
 * re-counted at most every {@code recount-every}; orders admitted here since the last count are added to it, so
 * a burst between two counts cannot overshoot, and orders decided here are taken off it, so a freed slot is
 * usable at once. Sagas re-sending commands to a participant that does not answer are not counted: they wait, they
 * do not load the platform. Nor is a confirmed order's completion: every decision brings one, so it follows the
 * rate. Shed requests are counted in {@code emporium_orders_shed_total}, the current limit is
 * {@code emporium_checkout_admission_limit} and what it is compared with {@code emporium_checkout_in_flight}.
 */
@Component
public class CheckoutAdmission {

    /** What the limit is computed from ({@link SagaStates} counts both in the database). */
    interface Counts {

        /** Sagas whose order is not decided yet, worked on for the first time. */
        long countInFlight();

        /** Checkouts decided (CONFIRMED or REJECTED) after {@code since}. */
        long countDecidedSince(Instant since);
    }

    /** The bounds of the limit and how it is measured (see the class comment). */
    record Limits(int minInFlight, int maxInFlight, Duration targetDecisionTime, Duration rateWindow,
            Duration recountEvery) {

        Limits {
            if (minInFlight < 1 || maxInFlight < minInFlight) {
                throw new IllegalArgumentException("need 1 <= min-in-flight <= max-in-flight, got " + minInFlight
                        + " and " + maxInFlight);
            }
            if (!targetDecisionTime.isPositive() || !rateWindow.isPositive()) {
                throw new IllegalArgumentException("target-decision-time and rate-window must be positive");
            }
        }

        /** Decisions in the window, as a rate, times the target time; within the bounds. */
        long limitFor(long decidedInWindow) {
            double perSecond = decidedInWindow / (rateWindow.toNanos() / 1e9);
            long wanted = (long) Math.ceil(perSecond * (targetDecisionTime.toNanos() / 1e9));
            return Math.clamp(wanted, minInFlight, maxInFlight);
        }
    }

    private final Counts counts;
    private final Limits limits;
    private final Clock clock;
    private final Counter shed;
    private volatile Counted counted = new Counted(0, 0, Instant.MIN);

    @Autowired
    CheckoutAdmission(SagaStates sagas, CheckoutProperties properties, MeterRegistry meters, Clock clock) {
        this(sagas, properties.admissionLimits(), meters, clock);
    }

    CheckoutAdmission(Counts counts, Limits limits, MeterRegistry meters, Clock clock) {
        this.counts = counts;
        this.limits = limits;
        this.clock = clock;
        this.shed = Counter.builder("emporium.orders.shed")
                .description("Orders refused with 503 because the checkout was at capacity").register(meters);
        Gauge.builder("emporium.checkout.admission.limit", this, admission -> admission.counted.limit)
                .description("Orders awaiting their decision beyond which new orders are shed (follows decisions/s)")
                .register(meters);
        Gauge.builder("emporium.checkout.in.flight", counts, Counts::countInFlight)
                .description("Orders awaiting their decision, counted against the admission limit").register(meters);
    }

    /** Returns when a new checkout may start; otherwise throws the 503 answer. */
    public void admit() {
        Counted now = current();
        if (now.inFlight + now.changedSince.incrementAndGet() > now.limit) {
            now.changedSince.decrementAndGet();
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

    /**
     * This instance decided an order (CONFIRMED or REJECTED): once the transaction commits, one saga fewer is in
     * flight until the next count. Without it, a slot freed between two counts stayed shut until the next one, which
     * capped the checkout at about limit ÷ (time to decision + recount interval) whatever the machine could do.
     */
    void decided() {
        AfterCommit.run(() -> counted.changedSince.decrementAndGet());
    }

    private Counted current() {
        Counted last = counted;
        Instant now = clock.instant();
        if (last.at.isAfter(now.minus(limits.recountEvery()))) {
            return last;
        }
        long inFlight = counts.countInFlight();
        long limit = limits.limitFor(counts.countDecidedSince(now.minus(limits.rateWindow())));
        Counted fresh = new Counted(inFlight, limit, now);
        counted = fresh;
        return fresh;
    }

    /** One count, and how this instance changed it since: orders admitted less orders decided. */
    private record Counted(long inFlight, long limit, Instant at, AtomicLong changedSince) {

        Counted(long inFlight, long limit, Instant at) {
            this(inFlight, limit, at, new AtomicLong());
        }
    }
}
