package dev.emporium.discovery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/**
 * The service registry every instance registers with and the gateway routes by, and the config server that serves
 * the repository's {@code config/} folder to every service ({@code /config/<service>/<profile>}).
 */
@SpringBootApplication
@EnableEurekaServer
@EnableConfigServer
public class DiscoveryServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DiscoveryServerApplication.class, args);
    }
}
