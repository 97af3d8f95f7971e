"""Words and documents for people: plain text, the report, its charts, the export."""
