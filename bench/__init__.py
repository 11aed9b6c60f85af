"""Load tests (locust) and their settings; see bench/README.md. Not part of the application."""
