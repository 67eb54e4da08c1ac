"""POST /api/v1/workouts/import: a GPX, TCX or FIT file becomes a finished workout, once; a file
that cannot be used is a 400 on `file` that says why, and nothing is written."""

import datetime as dt
import hashlib
import math
import random
import struct
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from tests.activity_samples import fit_activity, fit_crc, gpx_track, tcx_activity
from tests.factories import UserFactory
from workouts import activity_files, limits, services
from workouts.models import Exercise, Workout, WorkoutExercise, WorkoutSet

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/workouts/import"
START = dt.datetime(2026, 6, 1, 6, 30, tzinfo=dt.UTC)
FIT_LAPS = [
    {"seconds": 300, "metres": 1000.25, "avg_hr": 140, "max_hr": 152, "kcal": 60, "ascent": 12},
    {"seconds": 290, "metres": 1000, "avg_hr": 150, "max_hr": 166, "kcal": 62, "ascent": 3},
    {"seconds": 150, "metres": 480.5, "avg_hr": 158, "max_hr": 171, "kcal": 30, "ascent": 0},
]


def upload(client, content: bytes, name: str = "activity.bin"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)}, format="multipart")


def error(response) -> tuple[str, str]:
    """The one error's field and words."""
    (only,) = response.json()["errors"]
    return only["attr"], only["detail"]


def nothing_written() -> bool:
    return not (
        Workout.objects.exists() or WorkoutExercise.objects.exists() or WorkoutSet.objects.exists()
    )


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on gpxpy's sphere (radius 6,378,137 m)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_378_137 * math.asin(math.sqrt(h))


def sets_of(workout_id: int) -> list[WorkoutSet]:
    return list(
        WorkoutSet.objects.filter(workout_exercise__workout_id=workout_id)
        .select_related("workout_exercise__exercise")
        .order_by("workout_exercise__position", "position")
    )


# --- each format -------------------------------------------------------------------------------


def test_a_fit_activity_becomes_a_finished_workout_with_its_laps_as_sets(user_client, user):
    response = upload(user_client, fit_activity(start=START, laps=FIT_LAPS), "run.fit")

    assert response.status_code == 201, response.json()
    workout = response.json()
    assert workout["status"] == "finished"
    assert workout["sport"] == "running"
    assert workout["source"] == "file"
    assert workout["started_at"] == "2026-06-01T06:30:00Z"
    assert workout["finished_at"] == "2026-06-01T06:42:20Z"  # 740 s later
    assert workout["active_duration_seconds"] == 740
    assert workout["distance_m"] == 2480.75
    assert workout["elevation_gain_m"] == 15
    # The session's average, weighted by time: (140*300 + 150*290 + 158*150) / 740 = 147.5
    assert workout["avg_heart_rate"] == 148
    assert workout["max_heart_rate"] == 171
    assert workout["energy_kj"] == round(152 * 4.184, 2)
    assert workout["user"] == user.pk

    (entry,) = workout["exercises"]
    assert entry["exercise_name"] == "Outdoor Run"
    assert [(s["duration_seconds"], s["distance_m"]) for s in entry["sets"]] == [
        (300, 1000.25),
        (290, 1000),
        (150, 480.5),
    ]
    assert all(s["completed"] for s in entry["sets"])
    assert entry["sets"][0]["completed_at"] == "2026-06-01T06:35:00Z"
    assert [s["notes"] for s in entry["sets"]] == [
        "Lap 1, avg 140 bpm, max 152 bpm",
        "Lap 2, avg 150 bpm, max 166 bpm",
        "Lap 3, avg 158 bpm, max 171 bpm",
    ]


def test_a_gpx_track_becomes_a_workout_with_a_lap_per_segment(user_client):
    climb = [(51.500 + i * 0.001, -0.12, 100 + i * 10, 140 + 2 * i) for i in range(5)]
    flat = [(51.510 + i * 0.001, -0.12, 140, 150) for i in range(3)]
    content = gpx_track(start=START, segments=[climb, flat], sport="cycling", name="Hill repeat")

    response = upload(user_client, content, "ride.gpx")

    assert response.status_code == 201, response.json()
    workout = response.json()
    assert workout["name"] == "Hill repeat"
    assert workout["sport"] == "cycling"
    assert workout["started_at"] == "2026-06-01T06:30:00Z"
    assert workout["finished_at"] == "2026-06-01T06:31:10Z"  # 8 points, 10 s apart
    assert workout["active_duration_seconds"] == 60  # within segments: 40 s + 20 s
    expected = sum(
        haversine_m(points[i][:2], points[i + 1][:2])
        for points in (climb, flat)
        for i in range(len(points) - 1)
    )
    assert workout["distance_m"] == pytest.approx(expected, abs=0.5)
    assert workout["elevation_gain_m"] == 40  # a steady climb, 100 m to 140 m
    assert workout["avg_heart_rate"] == round((140 + 142 + 144 + 146 + 148 + 150 * 3) / 8)
    assert workout["max_heart_rate"] == 150
    assert workout["energy_kj"] is None
    (entry,) = workout["exercises"]
    assert entry["exercise_name"] == "Outdoor Cycling"
    assert [s["duration_seconds"] for s in entry["sets"]] == [40, 20]
    assert sum(s["distance_m"] for s in entry["sets"]) == pytest.approx(expected, abs=0.02)


def test_a_tcx_activity_becomes_a_workout_with_its_laps(user_client):
    laps = [
        {"metres": 1000, "kcal": 50, "points": [(0, 100, 130), (60, 105, 140), (120, 110, 150)]},
        {"metres": 500.5, "kcal": 30, "points": [(130, 108, 150), (190, 112, 170)]},
    ]
    response = upload(user_client, tcx_activity(start=START, laps=laps), "session.tcx")

    assert response.status_code == 201, response.json()
    workout = response.json()
    assert workout["sport"] == "running"
    assert workout["name"] == "Running (TCX import)"
    assert workout["started_at"] == "2026-06-01T06:30:00Z"
    assert workout["finished_at"] == "2026-06-01T06:33:10Z"
    assert workout["distance_m"] == 1500.5
    assert workout["elevation_gain_m"] == 14  # 100 → 110, then 108 → 112
    assert workout["avg_heart_rate"] == 148  # (130 + 140 + 150 + 150 + 170) / 5
    assert workout["max_heart_rate"] == 170
    assert workout["energy_kj"] == round(80 * 4.184, 2)
    (entry,) = workout["exercises"]
    assert [(s["duration_seconds"], s["distance_m"]) for s in entry["sets"]] == [
        (120, 1000),
        (60, 500.5),
    ]


def test_the_format_is_told_by_the_content_not_the_name(user_client):
    fit = fit_activity(start=START, laps=FIT_LAPS)
    response = upload(user_client, fit, "looks-like.gpx")
    assert response.status_code == 201
    assert response.json()["distance_m"] == 2480.75


def test_a_sport_without_a_lap_exercise_keeps_the_summary_only(user_client):
    content = fit_activity(start=START, laps=FIT_LAPS, sport="generic")
    workout = upload(user_client, content).json()
    assert workout["sport"] == "other"
    assert workout["exercises"] == []
    assert workout["distance_m"] == 2480.75


def test_many_laps_continue_in_further_entries_of_the_exercise(user_client):
    lap = {"seconds": 60, "metres": 200, "avg_hr": 140, "max_hr": 150, "kcal": 10, "ascent": 0}
    content = fit_activity(start=START, laps=[lap] * (limits.MAX_SETS_PER_EXERCISE + 5))
    workout = upload(user_client, content).json()
    assert [len(entry["sets"]) for entry in workout["exercises"]] == [
        limits.MAX_SETS_PER_EXERCISE,
        5,
    ]
    assert workout["exercises"][1]["sets"][0]["notes"].startswith(
        f"Lap {limits.MAX_SETS_PER_EXERCISE + 1},"
    )


def test_heart_rate_from_the_records_when_the_session_has_none(user_client):
    """A FIT session without heart rate: the summary comes from the records, less dropouts."""
    laps = [dict(FIT_LAPS[0], avg_hr=0xFF, max_hr=0xFF)]  # 0xFF is FIT's "no value"
    content = fit_activity(start=START, laps=laps, heart_rates=[0, 120, 130, 140, 255])
    workout = upload(user_client, content).json()
    assert workout["avg_heart_rate"] == 130
    assert workout["max_heart_rate"] == 140


# --- once per file and user --------------------------------------------------------------------


def test_the_same_file_again_answers_the_workout_it_made(user_client):
    content = fit_activity(start=START, laps=FIT_LAPS)
    first = upload(user_client, content, "run.fit")
    again = upload(user_client, content, "renamed.fit")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Workout.objects.count() == 1
    assert WorkoutSet.objects.count() == len(FIT_LAPS)
    assert Workout.objects.get().external_id == hashlib.sha256(content).hexdigest()


def test_the_same_file_from_two_users_makes_one_workout_each(user_client, client_for, other_user):
    content = gpx_track(start=START, segments=[[(51.5, -0.1, 10, 120), (51.501, -0.1, 12, 125)]])
    mine = upload(user_client, content)
    theirs = upload(client_for(other_user), content)

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["user"] == other_user.pk
    assert Workout.objects.filter(external_id=hashlib.sha256(content).hexdigest()).count() == 2


def test_an_import_counts_as_training_and_sets_no_false_records(user_client, user):
    upload(user_client, fit_activity(start=START, laps=FIT_LAPS))
    stats = user_client.get(
        "/api/v1/users/me/stats", {"date_from": "2026-06-01", "date_to": "2026-06-01"}
    ).json()
    assert stats["workouts"] == 1
    assert stats["sets"] == len(FIT_LAPS)
    assert not user.records.exists()  # records are about reps and weight


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_makes_one_workout(monkeypatch):
    """The second request does not see the first's workout yet, reads the file too, and runs
    into the unique constraint when the first commits: it answers the first's workout."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    user = UserFactory()
    content = fit_activity(start=START, laps=FIT_LAPS)
    written, second_read_it = threading.Event(), threading.Event()
    results, failures = {}, []
    read_activity = activity_files.read_activity

    def reading(*args, **kwargs):
        if written.is_set():
            second_read_it.set()
        return read_activity(*args, **kwargs)

    monkeypatch.setattr(activity_files, "read_activity", reading)

    def first():
        with transaction.atomic():
            results["first"] = services.workout_import_file(user=user, content=content)[0].pk
            written.set()
            # The second request found no workout and read the file; let it reach the insert.
            assert second_read_it.wait(10)
            time.sleep(0.3)

    def second():
        written.wait(5)
        api = APIClient()
        api.force_authenticate(user)
        results["second"] = upload(api, content)

    def run(job):
        try:
            job()
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not failures, failures
    assert results["second"].status_code == 200, results["second"].json()
    assert results["second"].json()["id"] == results["first"]
    assert Workout.objects.filter(user=user).count() == 1


# --- files that cannot be used -----------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<gpx version="1.1" creator="x"><trk><name>&lol9;</name><trkseg>
<trkpt lat="51.5" lon="-0.1"><time>2026-06-01T06:30:00Z</time></trkpt>
<trkpt lat="51.6" lon="-0.1"><time>2026-06-01T06:31:00Z</time></trkpt>
</trkseg></trk></gpx>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" creator="x"><trk><name>&secret;</name><trkseg>
<trkpt lat="51.5" lon="-0.1"><time>2026-06-01T06:30:00Z</time></trkpt>
</trkseg></trk></gpx>"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def fit_with_bad_crc() -> bytes:
    content = bytearray(fit_activity(start=START, laps=FIT_LAPS))
    content[40] ^= 0x01  # one bit of a message flipped; the file's CRC no longer matches
    return bytes(content)


def fit_that_is_not_an_activity() -> bytes:
    return fit_activity(start=START, laps=FIT_LAPS, file_type="course")


def fit_ending_before_it_starts() -> bytes:
    """A session whose closing timestamp comes before its start (CRCs made right)."""
    content = fit_activity(start=START, laps=FIT_LAPS[:1])
    body = bytearray(content[14:-2])
    start = struct.pack(
        "<I", int((START - dt.datetime(1989, 12, 31, tzinfo=dt.UTC)).total_seconds())
    )
    end = struct.pack("<I", int.from_bytes(start, "little") + 300)
    before = struct.pack("<I", int.from_bytes(start, "little") - 60)
    at = body.rindex(end)  # the session's timestamp, its first field
    body[at : at + 4] = before
    header = content[:14]
    return header + bytes(body) + struct.pack("<H", fit_crc(header + bytes(body)))


def gpx_at(moments: list[dt.datetime]) -> bytes:
    rows = "".join(
        f'<trkpt lat="51.5{i}" lon="-0.1"><time>{m.strftime("%Y-%m-%dT%H:%M:%SZ")}</time></trkpt>'
        for i, m in enumerate(moments)
    )
    return (
        '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{rows}</trkseg></trk></gpx>"
    ).encode()


def future_gpx() -> bytes:
    soon = timezone.now() + dt.timedelta(hours=2)
    return gpx_at([soon, soon + dt.timedelta(minutes=5)])


BAD_FILES = {
    "empty": (lambda: b"", "empty"),
    "png": (lambda: PNG, "Not a GPX, TCX or FIT file"),
    "plain text": (lambda: b"lat,lon\n51.5,-0.1\n", "Not a GPX, TCX or FIT file"),
    "billion laughs": (lambda: BILLION_LAUGHS, "DTD or entities"),
    "external entity": (lambda: EXTERNAL_ENTITY, "DTD or entities"),
    "tcx external entity": (
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>'
            b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
            b'TrainingCenterDatabase/v2"><Activities>&x;</Activities></TrainingCenterDatabase>'
        ),
        "DTD or entities",
    ),
    "malformed xml": (lambda: b"<gpx><trk><trkseg>", "Not well-formed XML"),
    "other xml": (lambda: b"<html><body>hi</body></html>", "neither GPX nor TCX (its root"),
    "gpx without points": (
        lambda: b'<gpx version="1.1" creator="t"><trk><trkseg/></trk></gpx>',
        "no track points with times",
    ),
    "gpx points without times": (
        lambda: (
            b'<gpx version="1.1" creator="t"><trk><trkseg>'
            b'<trkpt lat="51.5" lon="-0.1"/></trkseg></trk></gpx>'
        ),
        "no track points with times",
    ),
    "gpx ending before it starts": (
        lambda: gpx_at([START, START - dt.timedelta(minutes=10)]),
        "ends before it starts",
    ),
    "gpx in the future": (future_gpx, "in the future"),
    "gpx before 1970": (
        lambda: gpx_at([dt.datetime(1960, 1, 1, tzinfo=dt.UTC)] * 2),
        "starts before 1970",
    ),
    "gpx over a week": (
        lambda: gpx_at([START, START + dt.timedelta(days=8)]),
        "longer than 7 days",
    ),
    "gpx declaring many namespaces": (
        lambda: gpx_track(
            start=START, segments=[[(51.5, -0.1, 1, 120), (51.6, -0.1, 1, 120)]]
        ).replace(b"<trk>", b"<trk><desc>" + b" xmlns" * 5000 + b"</desc>"),
        "more than 32 XML namespaces",
    ),
    "tcx without laps": (
        lambda: (
            b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
            b'TrainingCenterDatabase/v2"><Activities/></TrainingCenterDatabase>'
        ),
        "no track points with times",
    ),
    "tcx with a bad number": (
        lambda: tcx_activity(
            start=START, laps=[{"metres": "far", "kcal": 1, "points": [(0, 1, 120)]}]
        ),
        "Not a readable TCX file",
    ),
    "fit cut short": (
        lambda: fit_activity(start=START, laps=FIT_LAPS)[:-40],
        "cut short",
    ),
    "fit header only": (
        lambda: fit_activity(start=START, laps=FIT_LAPS)[:14],
        "cut short",
    ),
    "fit with a bad crc": (fit_with_bad_crc, "checksum does not match"),
    "fit that is a course": (fit_that_is_not_an_activity, "not a recorded activity"),
    "fit ending before it starts": (fit_ending_before_it_starts, "ends before it starts"),
    "fit over the distance limit": (
        lambda: fit_activity(
            start=START,
            laps=[dict(FIT_LAPS[0], metres=float(limits.MAX_ACTIVITY_DISTANCE_M) + 1)],
        ),
        "outside 0 to 1,000,000 m",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_file_that_cannot_be_used_is_a_400_saying_why_and_writes_nothing(user_client, kind):
    make, reason = BAD_FILES[kind]
    response = upload(user_client, make())

    assert response.status_code == 400, response.json()
    attr, detail = error(response)
    assert attr == "file"
    assert reason in detail
    assert nothing_written()


def mutated(content: bytes, rng: random.Random) -> bytes:
    """The file with a few bytes changed, removed, inserted or repeated."""
    data = bytearray(content)
    for _ in range(rng.randint(1, 4)):
        at, op = rng.randrange(len(data)), rng.random()
        if op < 0.4:
            data[at] = rng.randrange(256)
        elif op < 0.6:
            del data[at : at + rng.randint(1, 20)]
        elif op < 0.8:
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        else:
            start = rng.randrange(len(data))
            data[at:at] = data[start : start + rng.randint(1, 30)]
    return bytes(data)


def with_fit_checksums(content: bytes) -> bytes:
    """A changed FIT file made consistent again (size and CRCs), so the parser reads on."""
    header, body = bytearray(content[:14]), content[14:-2]
    header[4:8] = struct.pack("<I", len(body))
    header[12:14] = struct.pack("<H", fit_crc(bytes(header[:12])))
    return bytes(header) + body + struct.pack("<H", fit_crc(bytes(header) + body))


def test_damaged_files_are_imported_or_refused_on_file_never_an_error(user):
    """Random damage to each format (a FIT file's checksums recomputed, so the damage reaches
    the parser): each either makes a workout within the limits or is refused on `file`."""
    from rest_framework.exceptions import ValidationError

    rng = random.Random(13)  # noqa: S311 - the same damage every run, not a secret
    samples = [
        fit_activity(start=START, laps=FIT_LAPS, heart_rates=[120, 130]),
        gpx_track(
            start=START, segments=[[(51.5 + i / 1000, -0.1, 100 + i, 140) for i in range(5)]]
        ),
        tcx_activity(
            start=START,
            laps=[{"metres": 900, "kcal": 50, "points": [(0, 100, 130), (60, 105, 140)]}],
        ),
    ]
    outcomes, refused_on = {"created": 0, "refused": 0}, set()
    for sample in samples:
        for n in range(80):
            content = mutated(sample, rng)
            if sample.startswith(b"\x0e") and n % 2:
                content = with_fit_checksums(content)
            try:
                services.workout_import_file(user=user, content=content)
                outcomes["created"] += 1
            except ValidationError as exc:
                refused_on |= set(exc.detail)
                outcomes["refused"] += 1
    assert refused_on == {"file"}
    assert outcomes["refused"] > 0
    assert outcomes["created"] > 0


def test_a_refused_file_can_be_sent_again_once_fixed(user_client):
    content = fit_activity(start=START, laps=FIT_LAPS)
    assert upload(user_client, content[:-40]).status_code == 400
    assert upload(user_client, content).status_code == 201


# --- the request -------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_a_413_naming_the_field(user_client):
    padding = b"<!-- " + b"x" * limits.MAX_ACTIVITY_FILE_BYTES + b" -->"
    response = upload(user_client, padding)
    assert response.status_code == 413
    assert error(response)[0] == "file"
    assert f"{limits.MAX_ACTIVITY_FILE_BYTES:,} bytes" in error(response)[1]
    assert nothing_written()


def test_a_file_at_the_limit_is_read(user_client):
    content = gpx_track(start=START, segments=[[(51.5, -0.1, 10, 120), (51.501, -0.1, 12, 125)]])
    content = content.replace(b"<trk>", b"<!--" + b"x" * 10 + b"--><trk>")
    content = content.replace(
        b"x" * 10, b"x" * (10 + limits.MAX_ACTIVITY_FILE_BYTES - len(content))
    )
    assert len(content) == limits.MAX_ACTIVITY_FILE_BYTES
    assert upload(user_client, content).status_code == 201


def test_a_declared_size_over_the_limit_is_refused_before_it_is_read(user_client):
    response = user_client.generic(
        "POST",
        IMPORT,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(limits.MAX_ACTIVITY_FILE_BYTES * 2),
    )
    assert response.status_code == 413
    assert error(response)[0] == "file"


def test_the_file_field_is_required_and_nothing_else_is_taken(user_client):
    missing = user_client.post(IMPORT, {}, format="multipart")
    assert missing.status_code == 400
    assert error(missing)[0] == "file"

    extra = user_client.post(
        IMPORT,
        {"file": SimpleUploadedFile("a.fit", fit_activity(start=START, laps=FIT_LAPS)), "x": "1"},
        format="multipart",
    )
    assert extra.status_code == 400
    assert error(extra)[0] == "x"
    assert nothing_written()


def test_json_is_not_an_upload(user_client):
    response = user_client.post(IMPORT, {"file": "abc"}, format="json")
    assert response.status_code == 415


def test_an_anonymous_import_is_refused(api_client):
    response = upload(api_client, fit_activity(start=START, laps=FIT_LAPS))
    assert response.status_code == 401
    assert nothing_written()


def test_imports_are_throttled_like_the_rest_of_the_api(user_client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "2/min"}
    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = rates
    try:
        content = fit_activity(start=START, laps=FIT_LAPS)
        statuses = [upload(user_client, content).status_code for _ in range(3)]
    finally:
        UserRateThrottle.THROTTLE_RATES = original
    assert statuses == [201, 200, 429]


def test_the_library_has_an_exercise_for_each_lap_sport():
    from workouts.services import LAP_EXERCISES

    found = Exercise.objects.filter(owner=None, slug__in=LAP_EXERCISES.values())
    assert found.count() == len(LAP_EXERCISES)
    assert all(e.tracks_duration and e.tracks_distance for e in found)


def test_the_schema_documents_the_multipart_upload():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/workouts/import"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["$ref"].endswith("/ActivityFileRequest")
    assert {"200", "201", "400", "413", "401", "429"} <= set(operation["responses"])


def tcx_with(old: bytes, new: bytes) -> bytes:
    laps = [
        {"metres": 1000, "kcal": 50, "points": [(0, 100, 130), (60, 105, 140), (120, 110, 150)]}
    ]
    content = tcx_activity(start=START, laps=laps)
    assert content.count(old) >= 1
    return content.replace(old, new, 1)


def gpx_with_first_time(value: bytes) -> bytes:
    content = gpx_track(start=START, segments=[[(52.0, 13.0, 100, 120), (52.001, 13.0, 101, 130)]])
    first = content.split(b"<time>")[1].split(b"</time>")[0]
    return content.replace(first, value, 1)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: tcx_with(b"<Value>140</Value>", b"<Value>1e400</Value>"), id="tcx hr"),
        pytest.param(
            lambda: tcx_with(b"<Calories>50</Calories>", b"<Calories>1e400</Calories>"),
            id="tcx kcal",
        ),
        pytest.param(lambda: gpx_with_first_time(b"0001-01-01T00:00:00+01:00"), id="gpx year 1"),
    ],
)
def test_numbers_and_times_out_of_any_range_are_a_400_not_an_error(user_client, content):
    """Values the parsers turn into an overflow (1e400 as an int, a time before year 1 in UTC)."""
    response = upload(user_client, content())

    assert response.status_code == 400, response.content
    assert error(response)[0] == "file"
    assert nothing_written()
