from rest_framework import serializers

from integrations.models import Connection


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
