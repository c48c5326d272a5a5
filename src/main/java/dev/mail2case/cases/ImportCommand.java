package dev.mail2case.cases;

import dev.mail2case.config.CommandSettings;
import dev.mail2case.config.Database;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code mail2case.jar import FILE...}: organisation data from .yaml/.yml or contacts from .csv. */
public final class ImportCommand {
    private ImportCommand() {
    }

    /** @throws RuntimeException when the settings or the database stop the command before it starts */
    public static int run(List<String> files, PrintStream out) {
        if (files.isEmpty()) {
            System.err.println("usage: mail2case.jar import FILE.yaml|FILE.csv ...");
            return 2;
        }
        // a bad setting propagates: the command line reports it as it reports any start-up failure
        try (Database db = Database.from(CommandSettings.load())) {
            OrganisationImport importer = new OrganisationImport(db);
            for (String f : files) {
                String text;
                try {
                    text = Files.readString(Path.of(f));
                } catch (IOException e) {
                    System.err.println(f + ": cannot be read: " + e.getMessage());
                    return 1;
                }
                try {
                    OrganisationImport.Result r = f.toLowerCase().endsWith(".csv")
                            ? importer.importContactsCsv(text) : importer.importYaml(text);
                    out.println(f + ": imported " + r);
                } catch (RuntimeException e) {
                    System.err.println(f + ": nothing imported: " + e.getMessage());
                    return 1;
                }
            }
            return 0;
        }
    }
}
