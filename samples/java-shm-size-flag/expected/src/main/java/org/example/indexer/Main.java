package org.example.indexer;

import java.nio.file.Files;
import java.nio.file.Path;

public final class Main {
    public static void main(String[] args) throws Exception {
        try (var files = Files.walk(Path.of(args.length > 0 ? args[0] : "."))) {
            System.out.println(files.filter(Files::isRegularFile).count() + " files");
        }
    }
}
