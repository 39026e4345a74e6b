package dev.emporium.processor.fault;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.emporium.processor.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Injects the configured faults into the card operations (every POST under /v1 but /v1/faults), in the order a
 * remote provider shows them: latency first; then, before anything is done, a transient failure (503, nothing
 * stored under the key); then, after the operation committed, a lost answer. The answer is buffered so that it
 * can still be withheld; {@link LostAnswers} then aborts the connection. GETs, /v1/faults and the actuator are
 * never touched.
 */
@Component
class FaultInjectionFilter extends OncePerRequestFilter {

    private final Faults faults;
    private final JsonMapper json;

    FaultInjectionFilter(Faults faults, JsonMapper json) {
        this.faults = faults;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !path.startsWith("/v1/") || path.startsWith("/v1/faults");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Faults.Settings settings = faults.current();
        if (settings.latency().isPositive()) {
            try {
                Thread.sleep(settings.latency());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException("interrupted during injected latency", e);
            }
        }
        if (faults.transientFailureNow()) {
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "processor_unavailable",
                    "Injected transient failure; nothing happened. Retry with the same Idempotency-Key.");
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(problem));
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, buffered);
        if (faults.loseAnswerNow()) {
            LostAnswers.lose(request, response, faults.lostAnswerDelay());
            return;
        }
        buffered.copyBodyToResponse();
    }
}
