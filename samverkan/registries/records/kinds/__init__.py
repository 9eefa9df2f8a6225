"""The rows of the table of record kinds, one module per agency (FK and PM share theirs)."""
