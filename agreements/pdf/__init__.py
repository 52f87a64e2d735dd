"""The PDFs of the agreement: what each contains (content), rendering each content once and keeping the file (kept),
identifying a document and checking an uploaded copy (verification), and their downloads and pages (views)."""
