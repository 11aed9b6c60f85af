from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "housing.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"
