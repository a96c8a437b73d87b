"""Staff-entered intake: reports received on paper, in the mailbox, by phone, in a meeting or at
the counter, entered by the office's staff on the citizen's behalf (README.md)."""
