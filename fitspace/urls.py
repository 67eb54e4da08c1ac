from django.conf import settings
from django.db import transaction
from django.urls import include, path, re_path
from django.urls.resolvers import RoutePattern, URLResolver
from rest_framework.routers import SimpleRouter

from achievements.views import BadgeListView, UserAchievementsView
from fitspace import errors, idempotency
from fitspace.views import StatusView
from groups.views import (
    GroupInviteViewSet,
    GroupSessionViewSet,
    GroupViewSet,
    MemberViewSet,
    MyInviteViewSet,
)
from inbox.views import NotificationViewSet
from integrations.views import (
    CallbackView,
    ConnectionListView,
    ConnectionView,
    ConnectView,
    NowPlayingView,
    SoundtrackView,
    WhoopWebhookView,
)
from users import local_avatars
from users.auth_views import (
    LogoutView,
    RegisterView,
    TokenObtainView,
    TokenRefreshView,
    VerifyEmailView,
    admin_login,
)
from users.views import UserViewSet
from wellness.views import (
    CycleHistoryView,
    CycleSettingsView,
    CycleWorkoutsView,
    InsightsView,
    JournalViewSet,
    PeriodDayViewSet,
    PredictionsView,
    SkinViewSet,
)
from workouts.account_views import ExportView, ImportView, StatsView
from workouts.views import (
    ExerciseViewSet,
    MuscleViewSet,
    UserWorkoutViewSet,
    WorkoutExerciseViewSet,
    WorkoutSetViewSet,
    WorkoutViewSet,
)

# The first version's clients call these paths without a trailing slash.
router = SimpleRouter(trailing_slash=False)
router.register("users", UserViewSet, basename="user")
router.register(r"users/(?P<user_pk>[0-9]+)/workouts", UserWorkoutViewSet, basename="user-workout")
router.register("workouts", WorkoutViewSet, basename="workout")
router.register("workout-exercises", WorkoutExerciseViewSet, basename="workout-exercise")
router.register("sets", WorkoutSetViewSet, basename="set")
router.register("exercises", ExerciseViewSet, basename="exercise")
router.register("muscles", MuscleViewSet, basename="muscle")
router.register("groups", GroupViewSet, basename="group")
router.register(r"groups/(?P<group_pk>[0-9]{1,18})/members", MemberViewSet, basename="group-member")
router.register(
    r"groups/(?P<group_pk>[0-9]{1,18})/invites", GroupInviteViewSet, basename="group-invite"
)
router.register(
    r"groups/(?P<group_pk>[0-9]{1,18})/sessions", GroupSessionViewSet, basename="group-session"
)
router.register("invites", MyInviteViewSet, basename="invite")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("journal", JournalViewSet, basename="journal")
router.register("cycles/days", PeriodDayViewSet, basename="period-day")
router.register("skin", SkinViewSet, basename="skin")

# FitSpace's own sign-in; a 404 unless AUTH_MODE has "local" (see PublicAuthMixin).
local_auth = [
    path("auth/register", RegisterView.as_view(), name="auth-register"),
    path("auth/token", TokenObtainView.as_view(), name="auth-token"),
    path("auth/token/refresh", TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("auth/logout", LogoutView.as_view(), name="auth-logout"),
]

urlpatterns = [
    # The health check must answer even when the database is down, so it opens no transaction.
    path("status", transaction.non_atomic_requests(StatusView.as_view()), name="status"),
    path("api/v1/", include(local_auth)),
    path("api/v1/auth/verify-email", VerifyEmailView.as_view(), name="auth-verify-email"),
    path("api/v1/users/me/stats", StatsView.as_view(), name="me-stats"),
    path("api/v1/users/me/export", ExportView.as_view(), name="me-export"),
    path("api/v1/users/me/import", ImportView.as_view(), name="me-import"),
    path("api/v1/achievements", BadgeListView.as_view(), name="badges"),
    path(
        "api/v1/users/<int:user_pk>/achievements",
        UserAchievementsView.as_view(),
        name="user-achievements",
    ),
    path("api/v1/cycles/settings", CycleSettingsView.as_view(), name="cycle-settings"),
    path("api/v1/cycles/history", CycleHistoryView.as_view(), name="cycle-history"),
    path("api/v1/cycles/predictions", PredictionsView.as_view(), name="cycle-predictions"),
    path("api/v1/cycles/workouts", CycleWorkoutsView.as_view(), name="cycle-workouts"),
    path("api/v1/insights", InsightsView.as_view(), name="insights"),
    path("api/v1/integrations", ConnectionListView.as_view(), name="integrations"),
    # Calls Spotify (and may refresh the token): no request-long transaction around it.
    path(
        "api/v1/integrations/spotify/now-playing",
        transaction.non_atomic_requests(NowPlayingView.as_view()),
        name="spotify-now-playing",
    ),
    # POST reads Spotify again: no request-long transaction around the call.
    re_path(
        r"^api/v1/workouts/(?P<pk>[0-9]{1,18})/soundtrack$",
        transaction.non_atomic_requests(SoundtrackView.as_view()),
        name="workout-soundtrack",
    ),
    # These two call the provider: no request-long transaction around a network call.
    path(
        "api/v1/integrations/<slug:provider>",
        transaction.non_atomic_requests(ConnectionView.as_view()),
        name="integration",
    ),
    path(
        "api/v1/integrations/<slug:provider>/callback",
        transaction.non_atomic_requests(CallbackView.as_view()),
        name="integration-callback",
    ),
    path(
        "api/v1/integrations/whoop/webhook",
        transaction.non_atomic_requests(WhoopWebhookView.as_view()),
        name="whoop-webhook",
    ),
    path(
        "api/v1/integrations/<slug:provider>/connect",
        ConnectView.as_view(),
        name="integration-connect",
    ),
    path("api/v1/", include(router.urls)),
    # /api/schema/ and /api/docs/. What `include()` builds, but with the module named rather
    # than imported: Django imports it when a request first gets this far (or a URL is
    # reversed), so a cold start that serves the API never loads drf-spectacular's views.
    URLResolver(RoutePattern("api/"), "fitspace.schema_urls"),
    # Anything else under /api/ is a JSON 404, even with DEBUG on.
    re_path(r"^api/", errors.not_found),
    # The local stand-in for the avatar bucket (a 404 unless AVATAR_LOCAL_ROOT is in use).
    path("local-avatars/upload", local_avatars.upload, name="local-avatar-upload"),
    path("local-avatars/download", local_avatars.download, name="local-avatar-download"),
    path("admin/login/", admin_login, name="admin-login"),
    # admin.site.urls, loaded on first use: see fitspace/admin_urls.py.
    URLResolver(RoutePattern("admin/"), "fitspace.admin_urls", app_name="admin", namespace="admin"),
]

# The providers' local fakes, routed only where INTEGRATIONS_LOCAL_FAKES is on (never on dev and
# prod, which leave integrations/fakes/ out of the package: zappa_settings.json).
if settings.INTEGRATIONS_LOCAL_FAKES:
    from integrations.fakes import local_fakes

    urlpatterns.insert(
        -2,
        re_path(
            r"^local-fakes/(?P<provider>[a-z]+)(?P<path>/.*)$",
            local_fakes.serve,
            name="local-fakes",
        ),
    )

# Every DRF view's POST honours Idempotency-Key, whichever list above it was added to.
idempotency.protect(urlpatterns)

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.not_found
handler500 = errors.server_error
