package dev.emporium.platform.defaults.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the instance that answered ({@code X-Served-By}), so load balancing and failover can be watched
 * from outside. Set {@code emporium.web.served-by} empty to hide it.
 */
class ServedByFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Served-By";
    private final String value;

    ServedByFilter(String value) {
        this.value = value;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, value);
        chain.doFilter(request, response);
    }
}
