package dev.emporium.processor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A card-processor simulator: the external payment provider payment-service talks to over HTTP with idempotency
 * keys. It is its own process with its own database, so that the hard cases of a remote party (slow, failing,
 * losing answers, restarting) happen for real. In production it is absent: {@code EMPORIUM_PROCESSOR_URL} points
 * at a real provider's adapter instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CardProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(CardProcessorApplication.class, args);
    }
}
