"""`/groups` and everything in one: only members see a group or anything in it (anyone else
gets a 404); owners and admins manage it (members get a 403); an archived group is read-only
(a 409, from the models)."""

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fitspace.viewsets import PartialPutMixin
from groups import selectors, services
from groups.models import Group, GroupSession, Invite, Membership, SessionParticipant
from groups.serializers import (
    GroupCloneSerializer,
    GroupSerializer,
    GroupSessionSerializer,
    InviteByEmailSerializer,
    InviteByIdSerializer,
    InviteCreateSerializer,
    InviteSentSerializer,
    InviteSerializer,
    MembershipSerializer,
    ParticipantSerializer,
    ProgressQuerySerializer,
    ProgressSerializer,
)
from users.models import User
from workouts.serializers import WorkoutSerializer

GROUP_ID = OpenApiParameter("group_pk", OpenApiTypes.INT, OpenApiParameter.PATH)
ARCHIVED = OpenApiResponse(description="The group is archived (`group_archived`).")
MANAGERS = OpenApiResponse(
    description="Only the group's owner and admins may (`permission_denied`)."
)
TAGS = ["groups"]


@extend_schema_view(
    list=extend_schema(summary="My groups", tags=TAGS),
    create=extend_schema(summary="Start a group (I am its owner)", tags=TAGS),
    retrieve=extend_schema(summary="A group I am in", tags=TAGS),
    update=extend_schema(
        summary="Change a group (owner and admins)",
        responses={200: GroupSerializer, 409: ARCHIVED},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="Change a group (owner and admins)",
        responses={200: GroupSerializer, 409: ARCHIVED},
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary="Delete a group (owner)", responses={204: None, 409: ARCHIVED}, tags=TAGS
    ),
)
class GroupViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    PartialPutMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = GroupSerializer
    queryset = Group.objects.none()  # for the schema; requests use get_queryset()
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = []

    def get_queryset(self):
        return selectors.groups_of(self.request.user)

    def perform_create(self, serializer: GroupSerializer) -> None:
        group = services.group_create(owner=self.request.user, data=serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=group.pk)

    def perform_update(self, serializer: GroupSerializer) -> None:
        services.require_manager(self.membership())
        group = services.group_update(group=serializer.instance, data=serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=group.pk)

    def perform_destroy(self, instance: Group) -> None:
        services.require_owner(self.membership())
        services.group_delete(group=instance)

    def membership(self) -> Membership:
        return services.membership_of(group=self.get_object(), user=self.request.user)

    @extend_schema(
        summary="A new group with this one's settings",
        request=GroupCloneSerializer,
        responses={201: GroupSerializer, 403: MANAGERS},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def clone(self, request: Request, pk: str) -> Response:
        source = self.get_object()
        body = GroupCloneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        invite_members = data.pop("invite_members")
        if invite_members:
            services.require_manager(self.membership())
        clone = services.group_clone(
            source=source, by=request.user, data=data, invite_members=invite_members
        )
        clone = self.get_queryset().get(pk=clone.pk)
        return Response(self.get_serializer(clone).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Progress and leaderboard for a period",
        description="Each member's total of the group's metric from finished, non-template "
        "workouts finished in the period (its bounds in the group's time zone), toward their "
        "target; rank by percent, and between equal percents whoever got there first; the "
        "group's total toward its target. Past periods stay readable.",
        parameters=[ProgressQuerySerializer],
        responses=ProgressSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        progress = selectors.group_progress(
            group=group, period_key=query.validated_data.get("period")
        )
        return Response(ProgressSerializer(progress).data)


class InGroupMixin:
    """Views under `/groups/{group_pk}/`: the group, if the caller is a member (else 404)."""

    def group(self) -> Group:
        if not hasattr(self, "_group"):
            self._group = services.membership_of(
                group=Group(pk=self.kwargs["group_pk"]), user=self.request.user
            ).group
        return self._group

    def my_membership(self) -> Membership:
        return services.membership_of(group=self.group(), user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="The group's members", parameters=[GROUP_ID], tags=TAGS),
    partial_update=extend_schema(
        summary="Change a member's role or personal target (owner and admins)",
        description="Making another member owner hands the group over; only the owner names "
        "owners and admins.",
        parameters=[GROUP_ID],
        responses={200: MembershipSerializer, 403: MANAGERS, 409: ARCHIVED},
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary="Leave (my own id), or remove a member (owner and admins)",
        parameters=[GROUP_ID],
        responses={
            204: None,
            403: MANAGERS,
            409: OpenApiResponse(description="Archived, or the owner leaving."),
        },
        tags=TAGS,
    ),
)
class MemberViewSet(
    InGroupMixin,
    mixins.ListModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """`/groups/{group_pk}/members/{user id}`."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()
    lookup_field = "user_id"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "patch", "delete", "options"]
    filter_backends = []

    def get_queryset(self):
        return Membership.objects.filter(group=self.group()).select_related("user")

    def perform_update(self, serializer: MembershipSerializer) -> None:
        serializer.instance = services.membership_update(
            membership=serializer.instance, by=self.my_membership(), data=serializer.validated_data
        )

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(membership=instance, by=self.my_membership())


@extend_schema_view(
    list=extend_schema(
        summary="The group's invites (owner and admins)",
        parameters=[GROUP_ID],
        responses={200: InviteSerializer(many=True), 403: MANAGERS},
        tags=TAGS,
    ),
)
class GroupInviteViewSet(InGroupMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """`/groups/{group_pk}/invites`."""

    serializer_class = InviteSerializer
    queryset = Invite.objects.none()
    filter_backends = []

    def get_queryset(self):
        services.require_manager(self.my_membership())
        return Invite.objects.filter(group=self.group()).select_related(
            "group", "invitee", "invited_by"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(
        summary="Invite someone (owner and admins)",
        description="By user id: 201 with the invite (inviting twice keeps one invite, renewed). "
        "By email: 202, the same answer whether or not an account has the address, so invites "
        "cannot be used to find out who uses FitSpace. The invite lands in the invitee's inbox "
        "and expires after a while (`GROUP_INVITE_DAYS`).",
        parameters=[GROUP_ID],
        request=PolymorphicProxySerializer(
            component_name="InviteTarget",
            serializers=[InviteByIdSerializer, InviteByEmailSerializer],
            resource_type_field_name=None,
        ),
        responses={
            201: InviteSerializer,
            202: InviteSentSerializer,
            403: MANAGERS,
            409: OpenApiResponse(description="Archived, full (`group_full`), or already a member."),
        },
        tags=TAGS,
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        services.require_manager(self.my_membership())
        body = InviteCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "email" in body.validated_data:
            invitee = (
                User.objects.filter(is_active=True).with_email(body.validated_data["email"]).first()
            )
            if invitee is not None:
                services.invite_create(group=self.group(), by=request.user, invitee=invitee)
            return Response(
                {"detail": "If an account has this address, it is invited."},
                status=status.HTTP_202_ACCEPTED,
            )
        invitee = User.objects.filter(is_active=True, pk=body.validated_data["user"]).first()
        if invitee is None:
            raise ValidationError({"user": ["No such user."]}, code="does_not_exist")
        invite = services.invite_create(group=self.group(), by=request.user, invitee=invitee)
        if invite is None:
            raise services.GroupConflict("Already a member of this group.", code="already_member")
        invite = self.get_queryset().get(pk=invite.pk)
        return Response(self.get_serializer(invite).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Invites I received", tags=TAGS),
)
class MyInviteViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """`/invites`: the caller's own invites; anyone else's is a 404."""

    serializer_class = InviteSerializer
    queryset = Invite.objects.none()
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = []

    def get_queryset(self):
        return Invite.objects.filter(invitee=self.request.user).select_related(
            "group", "invitee", "invited_by"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(
        summary="Accept an invite: join the group",
        request=None,
        responses={
            200: MembershipSerializer,
            409: OpenApiResponse(description="Answered, expired, full or archived."),
        },
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        membership = services.invite_accept(invite=self.get_object(), user=request.user)
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        summary="Decline an invite",
        request=None,
        responses={
            200: InviteSerializer,
            409: OpenApiResponse(description="Answered, expired or archived."),
        },
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        invite = services.invite_decline(invite=self.get_object(), user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=invite.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="The group's sessions", parameters=[GROUP_ID], tags=TAGS),
    create=extend_schema(
        summary="Schedule a session for the group",
        description="Any member may. The optional `template` is one of the caller's templates "
        "using library exercises only; participants start from a copy of it.",
        parameters=[GROUP_ID],
        responses={201: GroupSessionSerializer, 409: ARCHIVED},
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="A session of the group", parameters=[GROUP_ID], tags=TAGS),
)
class GroupSessionViewSet(
    InGroupMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """`/groups/{group_pk}/sessions`."""

    serializer_class = GroupSessionSerializer
    queryset = GroupSession.objects.none()
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = []

    def get_queryset(self):
        return (
            GroupSession.objects.filter(group=self.group())
            .select_related("created_by")
            .annotate(participant_count=Count("participants"))
        )

    def perform_create(self, serializer: GroupSessionSerializer) -> None:
        session = services.session_create(
            group=self.group(), by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=session.pk)

    @extend_schema(
        summary="Join the session",
        parameters=[GROUP_ID],
        request=None,
        responses={200: ParticipantSerializer, 409: ARCHIVED},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, group_pk: str, pk: str) -> Response:
        participant = services.session_join(session=self.get_object(), user=request.user)
        return Response(ParticipantSerializer(participant).data)

    @extend_schema(
        summary="Leave the session",
        parameters=[GROUP_ID],
        request=None,
        responses={204: None, 409: ARCHIVED},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, group_pk: str, pk: str) -> Response:
        services.session_leave(session=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="My workout for the session",
        description="Joins the session if needed and gives my own workout for it: a copy of "
        "the session's template, or an empty one named after the session; the same workout "
        "when asked again. Train it with `/workouts/{id}/start` and `/finish`.",
        parameters=[GROUP_ID],
        request=None,
        responses={200: WorkoutSerializer, 409: ARCHIVED},
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def workout(self, request: Request, group_pk: str, pk: str) -> Response:
        workout = services.session_workout(session=self.get_object(), user=request.user)
        return Response(WorkoutSerializer(workout, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Who joined the session, and who finished their workout",
        parameters=[GROUP_ID],
        responses=ParticipantSerializer(many=True),
        tags=TAGS,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def participants(self, request: Request, group_pk: str, pk: str) -> Response:
        participants = SessionParticipant.objects.filter(session=self.get_object()).select_related(
            "user", "workout"
        )
        return Response(ParticipantSerializer(participants, many=True).data)
