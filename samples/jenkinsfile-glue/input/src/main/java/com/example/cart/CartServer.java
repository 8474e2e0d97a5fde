package com.example.cart;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.undertow.Undertow;
import io.undertow.util.Headers;

/** GET /cart?user=U lists a user's cart; POST /cart?user=U&item=I adds an item. */
public final class CartServer {
    private static final Map<String, List<String>> CARTS = new ConcurrentHashMap<>();

    private CartServer() {
    }

    public static void main(String[] args) {
        Undertow.builder()
                .addHttpListener(8080, "0.0.0.0")
                .setHandler(exchange -> {
                    String user = exchange.getQueryParameters().get("user").getFirst();
                    List<String> cart = CARTS.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
                    if (exchange.getRequestMethod().toString().equals("POST")) {
                        cart.add(exchange.getQueryParameters().get("item").getFirst());
                    }
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(String.join("\n", cart));
                })
                .build()
                .start();
    }
}
