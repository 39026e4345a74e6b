package dev.emporium.processor.fault;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The faults injected from the start ({@code EMPORIUM_PROCESSOR_LATENCY}, {@code _TRANSIENT_FAILURE_RATE},
 * {@code _LOST_ANSWER_RATE}); {@code PUT /v1/faults} changes them at run time. {@code lostAnswerDelay} is how long
 * a lost answer is held where the connection cannot be aborted (it can under Tomcat, see {@link LostAnswers}).
 */
@ConfigurationProperties("emporium.processor")
public record FaultProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0") double transientFailureRate,
        @DefaultValue("0") double lostAnswerRate, @DefaultValue("30s") Duration lostAnswerDelay) {
}
