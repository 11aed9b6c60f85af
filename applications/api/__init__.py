"""REST API views of the housing register."""
