package dev.emporium.processor.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** problem+json bodies with a stable {@code type} per {@code code}, so clients switch on codes, not on prose. */
public final class Problems {

    private static final String TYPE_PREFIX = "https://emporium.dev/problems/card-processor/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }
}
