from django.urls import path

from housing.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-in/", views.after_sign_in, name="after-sign-in"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/check-your-email/", views.check_email, name="check-email"),
    path("register/verify/<str:token>/", views.verify_email, name="verify-email"),
    path("staff/two-factor/", views.TwoFactorView.as_view(), name="two-factor"),
]
