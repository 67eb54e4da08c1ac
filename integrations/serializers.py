from rest_framework import serializers

from integrations.models import Connection, SoundtrackTrack
from integrations.selectors import SOUNDTRACK_STATUSES


class ConnectionSerializer(serializers.ModelSerializer):
    """A connection as its owner sees it: never its tokens."""

    scopes = serializers.SerializerMethodField()

    class Meta:
        model = Connection
        fields = ["provider", "status", "scopes", "connected_at", "last_synced_at"]
        read_only_fields = fields

    def get_scopes(self, connection: Connection) -> list[str]:
        return connection.scopes.split()


class ConnectStartSerializer(serializers.Serializer):
    authorize_url = serializers.URLField(
        help_text="Open it in a browser: the provider asks the person, then sends them to the "
        "callback."
    )
    expires_at = serializers.DateTimeField(help_text="The sign-in must finish before this.")


class SoundtrackTrackSerializer(serializers.ModelSerializer):
    artists = serializers.ListField(child=serializers.CharField(), help_text="Artists' names.")

    class Meta:
        model = SoundtrackTrack
        fields = ["played_at", "track_id", "uri", "name", "artists", "album", "duration_ms"]
        read_only_fields = fields


class SoundtrackSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=list(SOUNDTRACK_STATUSES),
        help_text="; ".join(
            f"`{name}`: {meaning}" for name, meaning in SOUNDTRACK_STATUSES.items()
        ),
    )
    failure = serializers.CharField(
        help_text="Why reading failed (`provider_unavailable`, …); empty unless `failed`."
    )
    fetched_at = serializers.DateTimeField(allow_null=True)
    tracks = SoundtrackTrackSerializer(many=True, help_text="In the order they were played.")


class PlayingTrackSerializer(serializers.Serializer):
    track_id = serializers.CharField(help_text="Spotify's id; empty for a local file.")
    uri = serializers.CharField()
    name = serializers.CharField()
    artists = serializers.ListField(child=serializers.CharField())
    album = serializers.CharField()
    duration_ms = serializers.IntegerField()


class NowPlayingSerializer(serializers.Serializer):
    is_playing = serializers.BooleanField(help_text="False while paused.")
    progress_ms = serializers.IntegerField(allow_null=True, help_text="How far into the track.")
    track = PlayingTrackSerializer()
