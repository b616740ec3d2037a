app_name = "studios"
urlpatterns: list = []
