package fr.mssante.operator.server.maintenance;

import java.sql.Connection;
import java.sql.DriverManager;

/** Child process for {@link H2FileCompactionTest}: keeps an H2 database open, as a running server does, until stdin closes. */
public final class HoldDatabase {
    private HoldDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "", "")) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
