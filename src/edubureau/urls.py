from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from edubureau.accounts.api import UserViewSet
from edubureau.registry.api import AreaViewSet, SchoolViewSet, StudentViewSet, TeacherViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("schools", SchoolViewSet, basename="school")
router.register("students", StudentViewSet, basename="student")
router.register("teachers", TeacherViewSet, basename="teacher")
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("", include("edubureau.reports.urls")),
    path("accounts/", include("edubureau.accounts.urls")),
    path("registry/", include("edubureau.registry.urls")),
    path("audit/", include("edubureau.core.urls")),
    path("imports/", include("edubureau.imports.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(router.urls)),
]
