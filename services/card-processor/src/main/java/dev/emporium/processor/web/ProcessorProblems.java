package dev.emporium.processor.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is {@code application/problem+json} with type, title, status and detail: client mistakes are 4xx
 * (unreadable JSON and failed validation 400, never 5xx), a transient failure 503, anything unexpected a bare 500
 * that leaks no stack trace. Request bodies are never logged: one may hold a card number.
 */
@RestControllerAdvice
public class ProcessorProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProcessorProblems.class);

    @ExceptionHandler(ProcessorException.class)
    ResponseEntity<Object> processor(ProcessorException ex, WebRequest request) {
        return handleExceptionInternal(ex, ex.toProblem(), new HttpHeaders(), ex.status(), request);
    }

    @ExceptionHandler({TransientFailureException.class, TransientDataAccessException.class,
            PessimisticLockingFailureException.class})
    ResponseEntity<Object> transientFailure(Exception ex, WebRequest request) {
        String detail = ex instanceof TransientFailureException ? ex.getMessage()
                : "The processor is busy; retry with the same Idempotency-Key.";
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "processor_unavailable", detail);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().stream().sorted(Comparator.comparing(FieldError::getField))
                .forEach(e -> errors.add(Map.of("field", e.getField(),
                        "message", e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage())));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", "The request is not valid.");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid_request",
                "The request body is missing or is not valid JSON for this operation.");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Unexpected error on {}", request.getDescription(false), ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong in the processor.");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Every problem leaves as problem+json with its {@code instance}. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            body = errorResponse.getBody();
        }
        if (!(body instanceof ProblemDetail problem)) {
            return super.handleExceptionInternal(ex, body, headers, statusCode, request);
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            // Spring's own problems (404, 405, 415, type mismatches) get a code and a type like ours
            HttpStatus status = HttpStatus.valueOf(statusCode.value());
            String code = status == HttpStatus.BAD_REQUEST ? "invalid_request"
                    : status.name().toLowerCase(Locale.ROOT);
            problem.setType(Problems.of(status, code, null).getType());
            problem.setProperty("code", code);
        }
        if (problem.getInstance() == null && request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            problem.setInstance(URI.create(servletRequest.getRequestURI()));
        }
        HttpHeaders responseHeaders = new HttpHeaders();
        if (headers != null) {
            responseHeaders.putAll(headers);
        }
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(statusCode).headers(responseHeaders).body(problem);
    }
}
