"""All writes for lettings, split by subdomain (STYLE: services)."""
