package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.testsupport.ApiClient;

/** A client of the public API, as a browser or a script would be: JSON over HTTP to the gateway. */
record GatewayClient(HttpClient http, int port) {

    private ApiClient api() {
        return ApiClient.localhost(port);
    }

    String login(String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/users/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as("login of " + email + ": " + response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.accessToken");
    }

    String register(String name, String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/users/register", null,
                "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JsonPath.read(response.body(), "$.id");
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return api().get(path, token);
    }

    HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return api().post(path, token, json);
    }

    HttpResponse<String> patch(String path, String token, String json) throws IOException, InterruptedException {
        return api().patch(path, token, json);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return api().send(request);
    }

    HttpRequest.Builder request(String path, String token) {
        return api().request(path, token);
    }
}
