package dev.emporium.analytics.figures;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A time range and its buckets. A bucket (an hour, a UTC day) belongs to the range when it starts before {@code to}
 * and ends after {@code from}: the first bucket is the one {@code from} falls in.
 */
record FigureRange(Instant from, Instant to, Interval interval) {

    /** The longest range any figure is asked for: ten years. */
    static final Duration LONGEST = Duration.ofDays(3660);
    /** Instants outside these years are refused: the stores' keys are four-digit years. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");
    /** Hourly series stop at 93 days (2232 points); longer ones are asked per day. */
    static final Duration LONGEST_HOURLY = Duration.ofDays(93);

    enum Interval {
        HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

        final ChronoUnit unit;

        Interval(ChronoUnit unit) {
            this.unit = unit;
        }

        static Interval parse(String text) {
            return switch (text == null ? "hour" : text) {
                case "hour" -> HOUR;
                case "day" -> DAY;
                default -> throw badRequest("interval must be hour or day, not '" + text + "'.");
            };
        }
    }

    /** A series of buckets; {@code from}/{@code to} as given, defaults: the 24 hours before now. */
    static FigureRange series(Instant from, Instant to, Interval interval, Instant now) {
        FigureRange range = totals(from, to, now);
        if (interval == Interval.HOUR && Duration.between(range.from, range.to).compareTo(LONGEST_HOURLY) > 0) {
            throw badRequest("Hourly figures cover at most " + LONGEST_HOURLY.toDays() + " days; ask per day.");
        }
        return new FigureRange(range.from, range.to, interval);
    }

    /** Totals over the hours of a range (funnel, top products). */
    static FigureRange totals(Instant from, Instant to, Instant now) {
        for (Instant given : new Instant[] {from, to}) {
            if (given != null && (given.isBefore(EARLIEST) || given.isAfter(LATEST))) {
                throw badRequest("from and to must lie between " + EARLIEST + " and " + LATEST + ".");
            }
        }
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : end.minus(Duration.ofHours(24));
        if (!start.isBefore(end)) {
            throw badRequest("from must be before to.");
        }
        Duration length = Duration.between(start, end);
        if (length.compareTo(LONGEST) > 0) {
            throw badRequest("The range is longer than " + LONGEST.toDays() + " days.");
        }
        return new FigureRange(start, end, Interval.HOUR);
    }

    /** Where each bucket starts, oldest first. */
    List<Instant> buckets() {
        List<Instant> starts = new ArrayList<>();
        for (Instant at = truncate(from); at.isBefore(to); at = at.plus(1, interval.unit)) {
            starts.add(at);
        }
        return starts;
    }

    /** The start of the bucket {@code at} is in. */
    Instant truncate(Instant at) {
        return interval == Interval.HOUR ? at.truncatedTo(ChronoUnit.HOURS)
                : at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** The first hour counted. */
    Instant firstHour() {
        return truncate(from);
    }

    /** The end of the last bucket: hours before it are counted. */
    Instant end() {
        Instant last = truncate(to);
        return last.equals(to) ? to : last.plus(1, interval.unit);
    }

    static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
