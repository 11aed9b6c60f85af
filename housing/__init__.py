"""Homeward: the Django project package and its cross-cutting apps."""

from housing.celery import app as celery_app

__all__ = ["celery_app"]
