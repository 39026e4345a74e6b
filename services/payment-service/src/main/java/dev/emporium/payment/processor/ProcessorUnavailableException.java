package dev.emporium.payment.processor;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 problem+json with {@code Retry-After}: the card processor did not answer a call that changes nothing
 * (tokenization, the ledger). Calls that move money never throw it: they answer an {@link CardProcessor.Outcome}.
 */
public class ProcessorUnavailableException extends ErrorResponseException {

    public ProcessorUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The card processor is unavailable; nothing was stored. Try again shortly.");
        problem.setTitle("Service Unavailable");
        problem.setProperty("service", "card-processor");
        return problem;
    }
}
