package com.example.inventory;

import io.javalin.Javalin;

public final class InventoryApplication {
    private InventoryApplication() {
    }

    public static void main(String[] args) {
        ItemRepository items = new ItemRepository();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Javalin.create()
                .get("/items", ctx -> ctx.json(items.all()))
                .get("/health", ctx -> ctx.result("ok"))
                .start(port);
    }
}
