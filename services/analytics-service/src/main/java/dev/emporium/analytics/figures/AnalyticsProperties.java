package dev.emporium.analytics.figures;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.analytics.*}.
 *
 * @param currency the currency of the zero-filled series when the range holds no sale at all
 * @param rebuild reset the Kafka Streams application at start and replay every input topic from offset 0
 *        ({@code EMPORIUM_ANALYTICS_REBUILD})
 * @param rebuildTimeout how long the reset may take
 */
@ConfigurationProperties("emporium.analytics")
public record AnalyticsProperties(@DefaultValue("USD") String currency, @DefaultValue("false") boolean rebuild,
        @DefaultValue("PT1M") Duration rebuildTimeout) {
}
