package dev.emporium.processor.idempotency;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import dev.emporium.processor.web.ProcessorException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a mutating operation at most once per {@code Idempotency-Key}, the way a real provider does.
 *
 * <p>One transaction claims the key (a row whose primary key is the key), performs the operation (its effect and
 * its ledger entry) and stores the answer on the claim; either all of it commits or none. A repeat with the same key
 * and the same request gets the stored status and body, byte for byte, and changes nothing; the same key with a
 * different request (method, path or body) is 422. Of two concurrent requests with one key, the unique key decides:
 * the second waits for the first's row lock and then replays its answer, or, where the database refuses at once
 * (lock timeout), gets 409 {@code idempotency_key_in_use} and retries. Answers the processor decided (2xx, 404,
 * 409) are stored; malformed requests (400) and transient failures (503) are not, so a retry may still succeed.
 */
@Component
public class IdempotentExecutor {

    public static final String HEADER = "Idempotency-Key";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Fingerprints fingerprints;
    private final JsonMapper json;

    IdempotentExecutor(JdbcClient jdbc, TransactionTemplate transactions, Fingerprints fingerprints, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fingerprints = fingerprints;
        this.json = json;
    }

    public ResponseEntity<String> execute(String key, HttpServletRequest request, Object body, Supplier<Answer> operation) {
        if (key == null || key.isBlank()) {
            throw ProcessorException.badRequest("idempotency_key_missing", "Every POST needs an Idempotency-Key header.");
        }
        if (key.length() > 255) {
            throw ProcessorException.badRequest("idempotency_key_invalid", "An Idempotency-Key has at most 255 characters.");
        }
        String fingerprint = fingerprints.of(request.getMethod(), request.getRequestURI(),
                body == null ? "" : json.writeValueAsString(body));
        Optional<Stored> earlier = find(key);
        if (earlier.isPresent()) {
            return replay(earlier.get(), fingerprint);
        }
        try {
            return transactions.execute(tx -> {
                jdbc.sql("insert into idempotency_record (idempotency_key, fingerprint, created_at) values (?, ?, ?)")
                        .params(key, fingerprint, Timestamp.from(Instant.now())).update();
                Answer answer;
                try {
                    answer = operation.get();
                } catch (ProcessorException decided) {
                    // decided before anything changed: the refusal is this key's answer
                    ProblemDetail problem = decided.toProblem();
                    problem.setInstance(URI.create(request.getRequestURI()));
                    answer = new Answer(decided.status(), problem);
                }
                Stored stored = new Stored(fingerprint, answer.status().value(),
                        (answer.body() instanceof ProblemDetail ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                                .toString(),
                        json.writeValueAsString(answer.body()));
                jdbc.sql("update idempotency_record set status = ?, content_type = ?, body = ? where idempotency_key = ?")
                        .params(stored.status(), stored.contentType(), stored.body(), key).update();
                return stored.toResponse();
            });
        } catch (DataIntegrityViolationException | PessimisticLockingFailureException concurrent) {
            // the key was claimed by a concurrent request: its answer once committed, else "in use"
            return find(key).map(stored -> replay(stored, fingerprint)).orElseThrow(() -> ProcessorException.conflict(
                    "idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly."));
        }
        // a TransientFailureException (503) rolled the claim back with the rest: nothing is stored under the key
    }

    private ResponseEntity<String> replay(Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProcessorException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "This Idempotency-Key was used for a different request.");
        }
        return stored.toResponse();
    }

    private Optional<Stored> find(String key) {
        return jdbc.sql("select fingerprint, status, content_type, body from idempotency_record where idempotency_key = ?")
                .param(key)
                .query((rs, n) -> new Stored(rs.getString("fingerprint"), rs.getInt("status"),
                        rs.getString("content_type"), rs.getString("body")))
                .optional();
    }

    private record Stored(String fingerprint, int status, String contentType, String body) {

        ResponseEntity<String> toResponse() {
            return ResponseEntity.status(status).contentType(MediaType.parseMediaType(contentType)).body(body);
        }
    }
}
