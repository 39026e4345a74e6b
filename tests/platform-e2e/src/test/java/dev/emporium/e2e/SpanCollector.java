package dev.emporium.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What a Zipkin server is to the services, and nothing more: it accepts {@code POST /api/v2/spans} (Zipkin v2
 * JSON, the format the services' exporter speaks) and keeps every span, so a test can ask which services took
 * part in one trace. The launched services send to it exactly as they would to {@code ./emporium --with-tracing}.
 */
final class SpanCollector implements AutoCloseable {

    /** One received span: the fields a trace view needs. */
    record Span(String traceId, String id, String parentId, String service, String name, String kind) {
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    SpanCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 64);
        server.createContext("/api/v2/spans", this::receive);
        server.start();
    }

    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort() + "/api/v2/spans";
    }

    List<Span> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    int size() {
        return spans.size();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            for (Map<String, Object> span : JsonPath.<List<Map<String, Object>>>read(json, "$[*]")) {
                Object endpoint = span.get("localEndpoint");
                String service = endpoint instanceof Map<?, ?> local ? String.valueOf(local.get("serviceName")) : "?";
                spans.add(new Span(String.valueOf(span.get("traceId")), String.valueOf(span.get("id")),
                        (String) span.get("parentId"), service, String.valueOf(span.get("name")), (String) span.get("kind")));
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
