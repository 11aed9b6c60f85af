"""The nominations API (``/api/v1/nominations/…``) for the council's staff and providers."""
