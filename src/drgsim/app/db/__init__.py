"""Database models, engine settings, audit log and migrations."""
