package com.example.inventory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class ItemRepository {
    private final List<String> items = new CopyOnWriteArrayList<>(List.of("bolt", "nut", "washer"));

    List<String> all() {
        return List.copyOf(items);
    }
}
