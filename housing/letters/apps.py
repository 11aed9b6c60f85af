from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "housing.letters"
    label = "letters"
    verbose_name = "Letters"
