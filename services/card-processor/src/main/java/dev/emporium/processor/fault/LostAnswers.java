package dev.emporium.processor.fault;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A lost answer that looks exactly like a network failure: the operation committed, then the connection is closed
 * without a single byte of response (Tomcat's {@code CLOSE_NOW}: the buffered response is swallowed). The client sees
 * its connection reset or closed, as when a provider crashes between committing and answering, and cannot tell
 * whether anything happened. Only where the connection cannot be aborted (a server other than Tomcat) is the answer
 * held for {@code EMPORIUM_PROCESSOR_LOST_ANSWER_DELAY} instead, so that the client times out.
 */
@Configuration(proxyBeanMethods = false)
class LostAnswers {

    private static final String ABORTABLE = LostAnswers.class.getName() + ".abortable";
    private static final String LOST = LostAnswers.class.getName() + ".lost";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> lostAnswerValve() {
        return factory -> factory.addEngineValves(new AbortValve());
    }

    /** Called instead of sending the buffered answer. */
    static void lose(HttpServletRequest request, HttpServletResponse response, Duration delay) throws IOException {
        if (request.getAttribute(ABORTABLE) != null) {
            request.setAttribute(LOST, Boolean.TRUE);
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    /** Outermost valve: after the application ran, closes the connection of a request whose answer is lost. */
    static final class AbortValve extends ValveBase {

        AbortValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(ABORTABLE, Boolean.TRUE);
            getNext().invoke(request, response);
            if (request.getAttribute(LOST) != null) {
                request.getCoyoteRequest().action(ActionCode.CLOSE_NOW, null);
            }
        }
    }
}
