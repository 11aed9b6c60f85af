"""Every write to the register goes through these services (STYLE: services own writes)."""
