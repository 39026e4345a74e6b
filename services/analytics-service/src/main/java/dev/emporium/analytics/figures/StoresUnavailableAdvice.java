package dev.emporium.analytics.figures;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * While the state stores are not queryable (starting, restoring after a rebuild, rebalancing) the figures are not
 * known: 503 with Retry-After, never a 500 or figures from half a store.
 */
@RestControllerAdvice(assignableTypes = AnalyticsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before service-defaults' catch-all handler
class StoresUnavailableAdvice {

    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<ProblemDetail> notQueryable(InvalidStateStoreException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The figures are being rebuilt or restored; try again shortly.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
