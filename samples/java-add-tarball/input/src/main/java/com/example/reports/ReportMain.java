package com.example.reports;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Sums the "amount" column of a CSV file per "category" and prints the totals as JSON. */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Double> totals = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().build().parse(in)) {
                totals.merge(r.get("category"), Double.parseDouble(r.get("amount")), Double::sum);
            }
        }
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(totals));
    }
}
