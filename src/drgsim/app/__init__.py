"""App: command line, report rendering, cache, server, database, cluster."""
