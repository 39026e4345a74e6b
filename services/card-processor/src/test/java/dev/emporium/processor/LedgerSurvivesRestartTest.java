package dev.emporium.processor;

import static dev.emporium.processor.ProcessorClient.json;
import static dev.emporium.processor.ProcessorClient.key;
import static dev.emporium.processor.ProcessorClient.reference;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The ledger and the stored answers live in the processor's own database: a restart keeps both. */
class LedgerSurvivesRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedProcessorKeepsItsLedgerAndItsAnswers() throws Exception {
        String reference = reference();
        String captureKey = key();
        String id;
        HttpResponse<String> captured;
        try (ConfigurableApplicationContext first = start()) {
            ProcessorClient processor = new ProcessorClient(port(first));
            id = processor.approved(reference, "25.00");
            captured = processor.capture(id, captureKey, "25.00");
            assertThat(captured.statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start()) {
            ProcessorClient processor = new ProcessorClient(port(second));
            assertThat(processor.ledger(reference)).hasSize(2);
            HttpResponse<String> replay = processor.capture(id, captureKey, "25.00");
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.body()).isEqualTo(captured.body());
            assertThat(json(processor.get("/v1/authorizations/" + id)).get("status").asString()).isEqualTo("CAPTURED");
            assertThat(processor.ledger(reference)).hasSize(2);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CardProcessorApplication.class)
                .properties("server.port=0", "EMPORIUM_DATA_DIR=" + dataDir)
                .run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
