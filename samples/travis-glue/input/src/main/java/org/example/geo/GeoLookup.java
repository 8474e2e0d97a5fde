package org.example.geo;

import static spark.Spark.get;
import static spark.Spark.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Answers GET /country/{code} with the country's name, from countries.properties. */
public final class GeoLookup {
    private GeoLookup() {
    }

    public static void main(String[] args) throws IOException {
        Properties countries = new Properties();
        try (InputStream in = GeoLookup.class.getResourceAsStream("/countries.properties")) {
            countries.load(in);
        }
        port(4567);
        get("/country/:code", (req, res) -> {
            String name = countries.getProperty(req.params("code").toUpperCase());
            if (name == null) {
                res.status(404);
                return "unknown country";
            }
            return name;
        });
    }
}
