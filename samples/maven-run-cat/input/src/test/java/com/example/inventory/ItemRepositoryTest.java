package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ItemRepositoryTest {
    @Test
    void listsTheSeedItems() {
        assertEquals(3, new ItemRepository().all().size());
    }
}
