package dev.emporium.platform.defaults.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Edge-of-service web settings.
 *
 * @param maxBodySize largest request body accepted; larger ones answer 413
 * @param servedBy value of the {@code X-Served-By} response header (service and instance), empty to omit it
 */
@ConfigurationProperties("emporium.web")
public record WebDefaultsProperties(DataSize maxBodySize, String servedBy) {

    public WebDefaultsProperties {
        if (maxBodySize == null) {
            maxBodySize = DataSize.ofMegabytes(1);
        }
    }
}
