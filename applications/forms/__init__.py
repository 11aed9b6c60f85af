"""Forms: validation only; services make the changes."""
