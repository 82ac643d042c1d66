package fr.mssante.operator.bench.smtp;

/** A mailbox account the harness creates on each server under test. */
record Account(String address, String password) {
}
