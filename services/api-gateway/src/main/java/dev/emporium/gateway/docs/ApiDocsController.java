package dev.emporium.gateway.docs;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/docs}: the OpenAPI 3.1 description of the public API (openapi/public-api.json), one document for
 * all services, as clients see them through the gateway. A Swagger UI link goes with it in the {@code Link} header.
 */
@RestController
class ApiDocsController {

    private static final Resource DOCUMENT = new ClassPathResource("openapi/public-api.json");

    @GetMapping("/api/docs")
    ResponseEntity<Resource> docs() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noCache())
                .header(HttpHeaders.LINK, "<https://editor.swagger.io>; rel=\"describedby\"; title=\"Swagger UI: import this document\"")
                .body(DOCUMENT);
    }
}
