"""Ion-channel families, one file each, found by name in ``CHANNELS``."""
