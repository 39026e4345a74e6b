package dev.emporium.analytics.figures;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/analytics/**}: admin only ({@code emporium.security.admin-paths}). {@code from}/{@code to} are
 * ISO-8601 instants, by default the last 24 hours; a malformed or reversed range is a 400.
 */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

    private final Figures figures;
    private final Clock clock;

    AnalyticsController(Figures figures, Clock clock) {
        this.figures = figures;
        this.clock = clock;
    }

    @GetMapping("/sales")
    List<Figures.SalesPoint> sales(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "hour") String interval) {
        return figures.sales(FigureRange.series(from, to, FigureRange.Interval.parse(interval), clock.instant()));
    }

    @GetMapping("/top-products")
    List<Figures.TopProduct> topProducts(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "units") String by,
            @RequestParam(defaultValue = "10") int limit) {
        if (!by.equals("units") && !by.equals("revenue")) {
            throw FigureRange.badRequest("by must be units or revenue, not '" + by + "'.");
        }
        if (limit < 1 || limit > 100) {
            throw FigureRange.badRequest("limit must be between 1 and 100.");
        }
        return figures.topProducts(FigureRange.totals(from, to, clock.instant()), by.equals("revenue"), limit);
    }

    @GetMapping("/funnel")
    Figures.Funnel funnel(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return figures.funnel(FigureRange.totals(from, to, clock.instant()));
    }

    @GetMapping("/signups")
    List<Figures.Signups> signups(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return figures.signups(FigureRange.series(from, to, FigureRange.Interval.DAY, clock.instant()));
    }

    @GetMapping("/out-of-stock")
    List<Figures.OutOfStock> outOfStock() {
        return figures.outOfStock();
    }
}
