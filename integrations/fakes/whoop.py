"""A fake of WHOOP's API v2 (developer.whoop.com): OAuth at /oauth/oauth2/{auth,token}, the
data under /developer/v2 (collections paged with `limit` ≤ 25 and `nextToken`, answering
`records` and `next_token`), `DELETE /developer/v2/user/access` to revoke, and webhooks signed
as WHOOP signs them: base64(HMAC-SHA256(client secret, timestamp + raw body)) in
X-WHOOP-Signature, the timestamp (milliseconds) in X-WHOOP-Signature-Timestamp."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from integrations.fakes.base import FakeOAuthProvider, FakeRequest, FakeResponse, Grant

MAX_LIMIT = 25
COLLECTIONS = {
    "/developer/v2/activity/workout": "workout",
    "/developer/v2/activity/sleep": "sleep",
    "/developer/v2/recovery": "recovery",
    "/developer/v2/cycle": "cycle",
}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sign(body: bytes, timestamp: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


class WhoopFake(FakeOAuthProvider):
    authorize_path = "/oauth/oauth2/auth"
    grant_path = "/oauth/oauth2/token"
    client_auth = "client_secret_post"

    def __init__(self, *, sample_days: int = 0, **kwargs: Any):
        super().__init__(**kwargs)
        self.sample_days = sample_days
        self.records: dict[int, dict[str, list[dict]]] = {}
        self.revoked_users: list[int] = []
        self.api("GET", "/developer/v2/user/profile/basic", self.profile)
        self.api("DELETE", "/developer/v2/user/access", self.revoke_access)
        for path in COLLECTIONS:
            self.api("GET", path, self.collection)
        self.api("GET", "/developer/v2/activity/workout/", self.one_record, prefix=True)
        self.api("GET", "/developer/v2/activity/sleep/", self.one_record, prefix=True)
        self.api("GET", "/developer/v2/cycle/", self.one_record, prefix=True)

    # --- data -----------------------------------------------------------------------------
    def data_of(self, user_id: int) -> dict[str, list[dict]]:
        with self.lock:
            return self.records.setdefault(user_id, {name: [] for name in COLLECTIONS.values()})

    def on_new_user(self, user_id: int) -> None:
        if self.sample_days:
            self.add_days(user_id, days=self.sample_days)

    def add_workout(
        self, user_id: int, *, start: datetime, minutes: int = 45, **score: Any
    ) -> dict:
        record = {
            "id": str(uuid.uuid4()),
            "v1_id": None,
            "user_id": user_id,
            "created_at": iso(start + timedelta(minutes=minutes + 5)),
            "updated_at": iso(start + timedelta(minutes=minutes + 5)),
            "start": iso(start),
            "end": iso(start + timedelta(minutes=minutes)),
            "timezone_offset": "+00:00",
            "sport_name": score.pop("sport_name", "running"),
            "score_state": "SCORED",
            "score": {
                "strain": 8.25,
                "average_heart_rate": 142,
                "max_heart_rate": 178,
                "kilojoule": 1569.34,
                "percent_recorded": 100,
                "distance_meter": 8400.5,
                "altitude_gain_meter": 46.2,
                "altitude_change_meter": 0.5,
                "zone_durations": {},
            }
            | score,
        }
        self.data_of(user_id)["workout"].append(record)
        return record

    def add_night(self, user_id: int, *, wake: datetime, **recovery: Any) -> tuple[dict, dict]:
        """A cycle, its sleep ending at `wake` and the recovery scored from it."""
        cycle_id = abs(hash((user_id, wake))) % 10**9
        sleep = {
            "id": str(uuid.uuid4()),
            "cycle_id": cycle_id,
            "user_id": user_id,
            "created_at": iso(wake),
            "updated_at": iso(wake),
            "start": iso(wake - timedelta(hours=8)),
            "end": iso(wake),
            "timezone_offset": "+00:00",
            "nap": False,
            "score_state": "SCORED",
            "score": {
                "stage_summary": {"total_in_bed_time_milli": 8 * 3600 * 1000},
                "respiratory_rate": 16.1,
                "sleep_performance_percentage": recovery.pop("sleep_performance_percentage", 91),
                "sleep_consistency_percentage": 88,
                "sleep_efficiency_percentage": 92.4,
            },
        }
        rec = {
            "cycle_id": cycle_id,
            "sleep_id": sleep["id"],
            "user_id": user_id,
            "created_at": iso(wake + timedelta(minutes=10)),
            "updated_at": iso(wake + timedelta(minutes=10)),
            "score_state": "SCORED",
            "score": {
                "user_calibrating": False,
                "recovery_score": 67,
                "resting_heart_rate": 52,
                "hrv_rmssd_milli": 61.5,
                "spo2_percentage": 96.5,
                "skin_temp_celsius": 33.7,
            }
            | recovery,
        }
        cycle = {
            "id": cycle_id,
            "user_id": user_id,
            "created_at": iso(wake - timedelta(hours=8)),
            "updated_at": iso(wake),
            "start": iso(wake - timedelta(hours=8)),
            "end": None,
            "timezone_offset": "+00:00",
            "score_state": "SCORED",
            "score": {
                "strain": 11.2,
                "kilojoule": 8400.0,
                "average_heart_rate": 68,
                "max_heart_rate": 170,
            },
        }
        data = self.data_of(user_id)
        data["sleep"].append(sleep)
        data["recovery"].append(rec)
        data["cycle"].append(cycle)
        return sleep, rec

    def add_days(self, user_id: int, *, days: int) -> None:
        today = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
        for back in range(days):
            day = today - timedelta(days=back)
            self.add_night(user_id, wake=day)
            self.add_workout(user_id, start=day + timedelta(hours=10))

    # --- routes ---------------------------------------------------------------------------
    def profile(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        return FakeResponse(
            200,
            {
                "user_id": grant.user_id,
                "email": f"athlete{grant.user_id}@whoop.example",
                "first_name": "Fake",
                "last_name": "Athlete",
            },
        )

    def revoke_access(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        self.revoke_user(grant.user_id)
        with self.lock:
            self.revoked_users.append(grant.user_id)
        return FakeResponse(204)

    def collection(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        name = COLLECTIONS[request.path]
        try:
            limit = int(request.query.get("limit", "10"))
            offset = (
                int(base64.urlsafe_b64decode(request.query["nextToken"]).decode())
                if request.query.get("nextToken")
                else 0
            )
        except ValueError:
            return FakeResponse(400, {"message": "bad limit or nextToken"})
        if not 1 <= limit <= MAX_LIMIT:
            return FakeResponse(400, {"message": f"limit must be 1 to {MAX_LIMIT}"})
        # Recoveries are found by when they were scored, the rest by their start.
        key = "created_at" if name == "recovery" else "start"
        try:
            start = (
                datetime.fromisoformat(request.query["start"])
                if request.query.get("start")
                else None
            )
            end = datetime.fromisoformat(request.query["end"]) if request.query.get("end") else None
        except ValueError:
            return FakeResponse(400, {"message": "start and end are ISO 8601 times"})
        with self.lock:
            rows = [
                r
                for r in self.data_of(grant.user_id)[name]
                if (not start or datetime.fromisoformat(r[key]) >= start)
                and (not end or datetime.fromisoformat(r[key]) < end)
            ]
        rows.sort(key=lambda r: datetime.fromisoformat(r[key]), reverse=True)
        page = rows[offset : offset + limit]
        more = offset + limit < len(rows)
        token = base64.urlsafe_b64encode(str(offset + limit).encode()).decode() if more else None
        return FakeResponse(200, {"records": page, "next_token": token})

    def one_record(self, request: FakeRequest, grant: Grant) -> FakeResponse:
        parts = request.path.removeprefix("/developer/v2/").split("/")
        data = self.data_of(grant.user_id)
        with self.lock:
            if parts[:2] in (["activity", "workout"], ["activity", "sleep"]) and len(parts) == 3:
                found = [r for r in data[parts[1]] if r["id"] == parts[2]]
            elif parts[0] == "cycle" and len(parts) == 3 and parts[2] == "recovery":
                found = [r for r in data["recovery"] if str(r["cycle_id"]) == parts[1]]
            else:
                found = []
        if not found:
            return FakeResponse(404, {"message": "not found"})
        return FakeResponse(200, found[0])

    # --- webhooks -------------------------------------------------------------------------
    def webhook(
        self, *, user_id: int, event_type: str, record_id: str, timestamp_ms: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """A webhook as WHOOP sends it: body and headers (signed with the client secret)."""
        body = json.dumps(
            {"user_id": user_id, "id": record_id, "type": event_type, "trace_id": str(uuid.uuid4())}
        ).encode()
        timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
        return body, {
            "Content-Type": "application/json",
            "X-WHOOP-Signature": sign(body, timestamp, self.client_secret),
            "X-WHOOP-Signature-Timestamp": timestamp,
        }

    def send_webhook(self, url: str, *, user_id: int, event_type: str, record_id: str) -> int:
        """POST a signed webhook to `url` over HTTP; returns the status it got."""
        import requests  # only tests send webhooks; the app imports this module at start

        body, headers = self.webhook(user_id=user_id, event_type=event_type, record_id=record_id)
        return requests.post(url, data=body, headers=headers, timeout=10).status_code
