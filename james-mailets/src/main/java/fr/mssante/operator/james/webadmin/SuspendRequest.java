package fr.mssante.operator.james.webadmin;

/** Body of {@code POST ...?action=suspend}: why the mailbox is suspended (optional). */
record SuspendRequest(String reason) {
}
