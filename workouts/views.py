import hashlib

from django.core.cache import cache
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ErrorDetail, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from fitspace.conditional import ConditionalMixin
from fitspace.ordering import NullsLastOrderingFilter
from fitspace.pagination import LimitOffsetOrCursorPagination
from fitspace.serializers import StrictFieldsMixin
from fitspace.viewsets import PartialPutMixin
from workouts import limits, selectors, services
from workouts.filters import ExerciseFilter, WorkoutFilter
from workouts.models import Exercise, Muscle, Workout, WorkoutExercise, WorkoutSet
from workouts.serializers import (
    ExerciseHistorySerializer,
    ExerciseSerializer,
    MuscleSerializer,
    WorkoutExerciseSerializer,
    WorkoutSerializer,
    WorkoutSetSerializer,
    measures_not_tracked,
)

CATALOGUE_CACHE_SECONDS = 24 * 3600


class HistoryQuerySerializer(serializers.Serializer):
    sessions = serializers.IntegerField(
        min_value=1, max_value=20, default=5, help_text="How many recent sessions."
    )


USER_ID = OpenApiParameter(
    "user_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="User id: only one's own (another user's is a 404)",
)
CONFLICT = OpenApiResponse(
    description="The workout's state does not allow this (`invalid_transition`)."
)
# What a multipart body adds around the file: boundaries, part headers, a long file name.
MULTIPART_OVERHEAD_BYTES = 16 * 1024


class ActivityFileTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        message = f"The file is larger than {limits.MAX_ACTIVITY_FILE_BYTES:,} bytes."
        super().__init__({"file": [ErrorDetail(message, code="file_too_large")]})


class ActivityFileSerializer(StrictFieldsMixin, serializers.Serializer):
    """A recorded activity, uploaded as `multipart/form-data`."""

    file = serializers.FileField(
        help_text="A GPX, TCX or FIT file, at most "
        f"{limits.MAX_ACTIVITY_FILE_BYTES:,} bytes; its format is told by its content."
    )


NESTED_WRITE = (
    "`exercises` (optional) holds the whole structure: each exercise with its sets, in order. "
    "It is written in one transaction: if any item is invalid nothing is written, and the 400 "
    "names the item, e.g. `exercises[2].sets[1].reps`."
)


@extend_schema_view(list=extend_schema(summary="Muscles and their groups", tags=["exercises"]))
class MuscleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MuscleSerializer
    queryset = Muscle.objects.all()
    pagination_class = None


@extend_schema_view(
    list=extend_schema(
        summary="The exercise catalogue: the library and my custom exercises",
        description="The whole catalogue in one response (no paging). Answers `ETag`; send it "
        "back as `If-None-Match` to get a 304 while nothing changed. `updated_since` gives only "
        "what changed, retired exercises included.",
        responses={200: ExerciseSerializer(many=True), 304: None},
        tags=["exercises"],
    ),
    create=extend_schema(summary="Add a custom exercise (visible to me only)", tags=["exercises"]),
    retrieve=extend_schema(summary="Get an exercise", tags=["exercises"]),
    update=extend_schema(summary="Change my custom exercise", tags=["exercises"]),
    partial_update=extend_schema(summary="Change my custom exercise", tags=["exercises"]),
    destroy=extend_schema(
        summary="Delete my custom exercise",
        description="One used in workouts is retired instead (`is_active: false`), so the "
        "history keeps it.",
        tags=["exercises"],
    ),
)
class ExerciseViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ExerciseSerializer
    queryset = Exercise.objects.none()  # for the schema; requests use get_queryset()
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExerciseFilter
    pagination_class = None
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.catalogue(self.request.user)

    def list(self, request: Request, *args, **kwargs) -> Response:
        entries = selectors.catalogue_entries(self.filter_queryset(self.get_queryset()))
        versions = "|".join(f"{pk}:{changed.timestamp()}" for pk, changed in entries)
        key = f"{request.user.pk}|{request.query_params.urlencode()}|{versions}"
        etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        # The ETag names this exact answer: kept whole, a repeat costs one cache read.
        answer = cache.get(f"catalogue:{etag}")
        if answer is None:
            answer = self._represent(entries)
            cache.set(f"catalogue:{etag}", answer, timeout=CATALOGUE_CACHE_SECONDS)
        return Response(answer, headers=headers)

    def _represent(self, entries: "list[tuple]") -> "list[dict]":
        """Each exercise's JSON, cached by id and last change: the library is the same for
        everyone and changes rarely, so most requests serialize nothing."""
        keys = {pk: f"exercise-json:{pk}:{changed.timestamp()}" for pk, changed in entries}
        found = cache.get_many(keys.values())
        missing = [pk for pk, key in keys.items() if key not in found]
        if missing:
            fresh = self.get_queryset().filter(pk__in=missing)
            made = {keys[item["id"]]: item for item in self.get_serializer(fresh, many=True).data}
            cache.set_many(made, timeout=CATALOGUE_CACHE_SECONDS)
            found |= made
        return [found[keys[pk]] for pk, _ in entries]

    def perform_create(self, serializer: ExerciseSerializer) -> None:
        serializer.instance = services.exercise_create(
            owner=self.request.user, data=serializer.validated_data
        )

    def get_object(self) -> Exercise:
        exercise = super().get_object()
        if self.action in ("update", "partial_update", "destroy") and not exercise.is_custom:
            raise PermissionDenied("Library exercises are edited by staff, in the admin.")
        return exercise

    def perform_update(self, serializer: ExerciseSerializer) -> None:
        serializer.instance = services.exercise_update(
            exercise=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Exercise) -> None:
        services.exercise_delete(exercise=instance)

    @extend_schema(
        summary="My history with an exercise, my records on it, and a next target",
        parameters=[HistoryQuerySerializer],
        responses=ExerciseHistorySerializer,
        tags=["exercises"],
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        exercise = self.get_object()
        query = HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        history = selectors.exercise_history(
            user=request.user, exercise=exercise, sessions=query.validated_data["sessions"]
        )
        return Response(ExerciseHistorySerializer(history).data)


class WorkoutWritesMixin:
    """Writes go through the services; answers are read back with their whole structure."""

    serializer_class = WorkoutSerializer

    def structured(self, workout: Workout) -> dict:
        workout = Workout.objects.get(pk=workout.pk)  # as written, with every default
        return WorkoutSerializer(workout, context=self.get_serializer_context()).data

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workout = services.workout_create(user=self.owner(), **serializer.validated_data)
        return Response(self.structured(workout), status=status.HTTP_201_CREATED)

    def owner(self):
        return self.request.user


@extend_schema_view(
    list=extend_schema(
        summary="List a user's workouts, newest first", parameters=[USER_ID], tags=["workouts"]
    ),
    create=extend_schema(
        summary="Log a workout", description=NESTED_WRITE, parameters=[USER_ID], tags=["workouts"]
    ),
)
class UserWorkoutViewSet(
    WorkoutWritesMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """``/users/{id}/workouts``: one's own workouts, under the first version's path."""

    queryset = Workout.objects.none()  # for the schema; requests use get_queryset()
    filter_backends = [DjangoFilterBackend, NullsLastOrderingFilter]
    filterset_class = WorkoutFilter
    ordering_fields = ["created_at", "started_at", "name"]
    ordering = ["-created_at", "-id"]
    pagination_class = LimitOffsetOrCursorPagination

    def owner(self):
        """The user in the URL, who must be the caller: anyone else's workouts are a 404."""
        if self.kwargs["user_pk"] != str(self.request.user.pk):
            raise Http404
        return self.request.user

    def get_queryset(self):
        self.owner()
        return Workout.objects.filter(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="List my workouts, newest first", tags=["workouts"]),
    create=extend_schema(summary="Log a workout", description=NESTED_WRITE, tags=["workouts"]),
    retrieve=extend_schema(summary="Get a workout", tags=["workouts"]),
    update=extend_schema(
        summary="Update a workout",
        description="Like `PATCH`, `PUT` changes only the fields it sends. " + NESTED_WRITE,
        tags=["workouts"],
    ),
    partial_update=extend_schema(
        summary="Update some fields of a workout", description=NESTED_WRITE, tags=["workouts"]
    ),
    destroy=extend_schema(summary="Delete a workout", tags=["workouts"]),
)
class WorkoutViewSet(
    ConditionalMixin,
    WorkoutWritesMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """``/workouts``: the caller's own workouts; anyone else's is a 404. The detail answers an
    ETag, and PUT/PATCH honour If-Match (fitspace/conditional.py)."""

    etag_ignores = ("active_duration_seconds",)  # a clock reading; its inputs are in updated_at
    queryset = Workout.objects.none()  # for the schema; requests use get_queryset()
    lookup_value_regex = "[0-9]+"
    filter_backends = [DjangoFilterBackend, NullsLastOrderingFilter]
    filterset_class = WorkoutFilter
    ordering_fields = ["created_at", "started_at", "name"]
    ordering = ["-created_at", "-id"]
    pagination_class = LimitOffsetOrCursorPagination

    def get_queryset(self):
        return Workout.objects.filter(user=self.request.user)

    def update(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        workout = services.workout_update(
            workout=serializer.instance, data=serializer.validated_data
        )
        return Response(self.structured(workout))

    def perform_destroy(self, instance: Workout) -> None:
        services.workout_delete(workout=instance)

    @extend_schema(
        summary="Start a new workout from this one",
        description="From a template or any past workout of mine: same exercises, with the "
        "sets as targets (not done). The copy is planned.",
        request=None,
        responses={201: WorkoutSerializer},
        tags=["workouts"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def copy(self, request: Request, pk: str) -> Response:
        workout = services.workout_copy(source=self.get_object())
        return Response(self.structured(workout), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import a recorded activity (GPX, TCX or FIT) as a finished workout",
        description="Send the file as `multipart/form-data`, field `file`. The workout gets "
        "the activity's sport, start and end, active time, distance, elevation gain, heart "
        "rate (average, maximum) and energy where the file has them, `source: file`, and each "
        "lap as a completed set of the sport's library exercise (e.g. *Outdoor Run*). "
        "The file's SHA-256 is its `external_id`: sending the same file again answers the "
        "workout it made (200) instead of a copy (201).\n\n"
        f"At most {limits.MAX_ACTIVITY_FILE_BYTES:,} bytes (more is a 413). A file that "
        "cannot be used is a 400 on `file` that says why, and nothing is written: empty, not "
        "GPX/TCX/FIT, XML with a DTD or entities (XML bombs, external entities), malformed, "
        "a FIT file cut short or with a wrong checksum, no timed points, times in the future "
        "or ending before they start, or values past the limits.",
        request={"multipart/form-data": ActivityFileSerializer},
        responses={
            200: OpenApiResponse(WorkoutSerializer, description="Imported before: that workout."),
            201: OpenApiResponse(WorkoutSerializer, description="The new workout."),
            400: OpenApiResponse(description="The file cannot be used; `attr` is `file`."),
            413: OpenApiResponse(
                description=f"Larger than {limits.MAX_ACTIVITY_FILE_BYTES:,} bytes."
            ),
        },
        tags=["workouts"],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_file(self, request: Request) -> Response:
        # Refused by its declared size before a byte of it is read or spooled to disk.
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > (
            limits.MAX_ACTIVITY_FILE_BYTES + MULTIPART_OVERHEAD_BYTES
        ):
            raise ActivityFileTooLarge()
        upload = ActivityFileSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        if file.size > limits.MAX_ACTIVITY_FILE_BYTES:
            raise ActivityFileTooLarge()
        workout, created = services.workout_import_file(user=request.user, content=file.read())
        return Response(
            self.structured(workout),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _transition(self, change) -> Response:
        return Response(self.structured(change(workout=self.get_object())))

    @extend_schema(
        summary="Start the session (planned → in progress)",
        description="At most one workout per user is in progress or paused.",
        request=None,
        responses={200: WorkoutSerializer, 409: CONFLICT},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def start(self, request: Request, pk: str) -> Response:
        return self._transition(services.workout_start)

    @extend_schema(
        summary="Pause the session (in progress → paused)",
        request=None,
        responses={200: WorkoutSerializer, 409: CONFLICT},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def pause(self, request: Request, pk: str) -> Response:
        return self._transition(services.workout_pause)

    @extend_schema(
        summary="Resume the session (paused → in progress)",
        request=None,
        responses={200: WorkoutSerializer, 409: CONFLICT},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def resume(self, request: Request, pk: str) -> Response:
        return self._transition(services.workout_resume)

    @extend_schema(
        summary="Finish the session (in progress or paused → finished)",
        request=None,
        responses={200: WorkoutSerializer, 409: CONFLICT},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def finish(self, request: Request, pk: str) -> Response:
        return self._transition(services.workout_finish)

    @extend_schema(
        summary="Add an exercise (with sets) to this workout",
        request=WorkoutExerciseSerializer,
        responses={201: WorkoutExerciseSerializer},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[], url_path="exercises")
    def add_exercise(self, request: Request, pk: str) -> Response:
        workout = self.get_object()
        serializer = WorkoutExerciseSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        entry = services.workout_exercise_add(workout=workout, **serializer.validated_data)
        entry = selectors.entries_with_sets().get(pk=entry.pk)
        return Response(
            WorkoutExerciseSerializer(entry, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class EntryNotesSerializer(StrictFieldsMixin, serializers.Serializer):
    notes = serializers.CharField(max_length=1000, allow_blank=True, required=False)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Change the notes of an exercise in a workout",
        request=EntryNotesSerializer,
        tags=["sessions"],
    ),
    destroy=extend_schema(
        summary="Remove an exercise, and its sets, from a workout", tags=["sessions"]
    ),
)
class WorkoutExerciseViewSet(
    mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """``/workout-exercises/{id}``: an exercise within one of my workouts."""

    serializer_class = WorkoutExerciseSerializer
    queryset = WorkoutExercise.objects.none()  # for the schema; requests use get_queryset()
    http_method_names = ["patch", "delete", "post", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            selectors.entries_with_sets()
            .filter(workout__user=self.request.user)
            .select_related("workout__user")
        )

    def update(self, request: Request, *args, **kwargs) -> Response:
        notes = EntryNotesSerializer(data=request.data)
        notes.is_valid(raise_exception=True)
        entry = self.get_object()
        if "notes" in notes.validated_data:
            entry = services.workout_exercise_update(
                entry=entry, notes=notes.validated_data["notes"]
            )
        return Response(self.get_serializer(entry).data)

    def perform_destroy(self, instance: WorkoutExercise) -> None:
        services.workout_exercise_delete(entry=instance)

    @extend_schema(
        summary="Add a set to an exercise in a workout",
        request=WorkoutSetSerializer,
        responses={201: WorkoutSetSerializer},
        tags=["sessions"],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def sets(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        serializer = WorkoutSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refuse_untracked_measures(entry.exercise, serializer.validated_data)
        workout_set = services.set_add(entry=entry, data=serializer.validated_data)
        return Response(
            WorkoutSetSerializer(self._with_records(workout_set)).data,
            status=status.HTTP_201_CREATED,
        )

    @staticmethod
    def _with_records(workout_set: WorkoutSet) -> WorkoutSet:
        return selectors.sets_with_records().get(pk=workout_set.pk)


@extend_schema_view(
    update=extend_schema(
        summary="Change a set",
        description="Like `PATCH`, `PUT` changes only the fields it sends.",
        tags=["sessions"],
    ),
    partial_update=extend_schema(summary="Change a set (e.g. mark it done)", tags=["sessions"]),
    destroy=extend_schema(summary="Remove a set", tags=["sessions"]),
)
class WorkoutSetViewSet(PartialPutMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """``/sets/{id}``: a set within one of my workouts."""

    serializer_class = WorkoutSetSerializer
    queryset = WorkoutSet.objects.none()  # for the schema; requests use get_queryset()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            selectors.sets_with_records()
            .filter(workout_exercise__workout__user=self.request.user)
            .select_related("workout_exercise__exercise", "workout_exercise__workout__user")
        )

    def perform_update(self, serializer: WorkoutSetSerializer) -> None:
        refuse_untracked_measures(
            serializer.instance.workout_exercise.exercise, serializer.validated_data
        )
        workout_set = services.set_update(
            workout_set=serializer.instance, data=serializer.validated_data
        )
        serializer.instance = selectors.sets_with_records().get(pk=workout_set.pk)

    def perform_destroy(self, instance: WorkoutSet) -> None:
        services.set_delete(workout_set=instance)


def refuse_untracked_measures(exercise: Exercise, data: dict) -> None:
    wrong = measures_not_tracked(exercise, data)
    if wrong:
        raise serializers.ValidationError({field: [message] for field, message in wrong.items()})
