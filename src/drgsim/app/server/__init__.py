"""The clinician and patient programmer server (FastAPI)."""
