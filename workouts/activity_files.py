"""A recorded activity (a GPX, TCX or FIT file from a watch or an app) read into one summary.

The format is told by the content, never by the file's name: a FIT file by the `.FIT` signature
of its header, GPX and TCX by their XML root element. Each is read by a maintained parser
(gpxpy, tcxreader, fitdecode); XML is first parsed by defusedxml with any DTD refused, so an
XML bomb ("billion laughs") or an external entity never reaches gpxpy (which uses lxml when it
is installed, else ElementTree) or tcxreader (ElementTree), neither of which guards against
them. A FIT file is read with its CRCs checked and strict parsing, so a truncated or altered
file is refused rather than half read.

Whatever the reason a file cannot be used, `ActivityFileError` says it in words for the user;
nothing here writes anything.
"""

import datetime as dt
import io
import math
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal

import defusedxml
import defusedxml.ElementTree
import fitdecode
import gpxpy
import gpxpy.gpx
from tcxreader.tcxreader import TCXReader

from workouts import limits
from workouts.models import WorkoutSport

KJ_PER_KCAL = 4.184
# A GPX file declares a handful of XML namespaces and one schema location (see below).
MAX_GPX_NAMESPACES = 32
# How far ahead of the server's clock a device's clock may be before a time is "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)

# What each format calls a sport, as FitSpace calls it (anything else is "other").
SPORTS = {
    "running": WorkoutSport.RUNNING,
    "run": WorkoutSport.RUNNING,
    "trail_running": WorkoutSport.RUNNING,
    "cycling": WorkoutSport.CYCLING,
    "biking": WorkoutSport.CYCLING,
    "ride": WorkoutSport.CYCLING,
    "e_biking": WorkoutSport.CYCLING,
    "mountain_biking": WorkoutSport.CYCLING,
    "swimming": WorkoutSport.SWIMMING,
    "swim": WorkoutSport.SWIMMING,
    "walking": WorkoutSport.WALKING,
    "walk": WorkoutSport.WALKING,
    "hiking": WorkoutSport.HIKING,
    "hike": WorkoutSport.HIKING,
    "rowing": WorkoutSport.ROWING,
    "indoor_rowing": WorkoutSport.ROWING,
    "strength_training": WorkoutSport.STRENGTH,
    "hiit": WorkoutSport.HIIT,
    "yoga": WorkoutSport.YOGA,
}


class ActivityFileError(ValueError):
    """Why a file cannot be imported, in words for the person who sent it."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Lap:
    """One lap (FIT, TCX) or track segment (GPX)."""

    started_at: dt.datetime
    finished_at: dt.datetime
    distance_m: float | None = None
    avg_heart_rate: float | None = None
    max_heart_rate: float | None = None

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class Activity:
    format: str  # "gpx", "tcx" or "fit"
    sport: str
    started_at: dt.datetime
    finished_at: dt.datetime
    active_seconds: float
    name: str = ""
    distance_m: float | None = None
    elevation_gain_m: float | None = None
    avg_heart_rate: float | None = None
    max_heart_rate: float | None = None
    energy_kj: float | None = None
    laps: list[Lap] = field(default_factory=list)


def read_activity(content: bytes, *, now: dt.datetime) -> Activity:
    """The activity a file records, checked against FitSpace's limits (workouts/limits.py)."""
    if not content:
        raise ActivityFileError("The file is empty.", code="empty")
    kind = detect_format(content)
    activity = {"gpx": _read_gpx, "tcx": _read_tcx, "fit": _read_fit}[kind](content)
    _check(activity, now=now)
    return activity


def detect_format(content: bytes) -> str:
    """ "gpx", "tcx" or "fit", by what the file holds."""
    if len(content) >= 12 and content[8:12] == b".FIT":
        return "fit"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        name = _safe_xml_root(content).tag.rpartition("}")[2]
        if name == "gpx":
            _refuse_what_gpxpy_cannot_take(content)
            return "gpx"
        if name == "TrainingCenterDatabase":
            return "tcx"
        raise ActivityFileError(
            f"An XML file, but neither GPX nor TCX (its root element is <{name[:40]}>).",
            code="unsupported_format",
        )
    raise ActivityFileError("Not a GPX, TCX or FIT file.", code="unsupported_format")


def _safe_xml_root(content: bytes) -> ET.Element:
    """The XML's root, parsed with no DTD, entity or external reference allowed (activity files
    have none; they are how XML bombs and file-reading attacks are made)."""
    try:
        return defusedxml.ElementTree.fromstring(content, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise ActivityFileError(
            "The XML declares a DTD or entities, which activity files never need and XML bombs "
            "and external-entity attacks rely on: refused.",
            code="unsafe_xml",
        ) from None
    except ET.ParseError as exc:
        raise ActivityFileError(f"Not well-formed XML ({exc}).", code="malformed") from None
    except LookupError as exc:  # an encoding Python does not know
        raise ActivityFileError(f"Not readable XML ({_brief(exc)}).", code="malformed") from None


def _refuse_what_gpxpy_cannot_take(content: bytes) -> None:
    """gpxpy finds namespace declarations and the schema location with regular expressions over
    the whole text (`\\sxmlns:?[^=]*="[^"]+"`) that take time growing with the square of the
    file for every "xmlns" with no "=" after it (a 240 KB file of them: 17 s), and registers
    each namespace it finds in ElementTree's process-wide table, which keeps them. Counted here
    first, in one pass each: a real GPX file has a few of either."""
    if content.count(b"xmlns") > MAX_GPX_NAMESPACES or content.count(b"schemaLocation") > 1:
        raise ActivityFileError(
            f"The GPX file declares more than {MAX_GPX_NAMESPACES} XML namespaces or more than "
            "one schema location.",
            code="unsafe_xml",
        )


def _utc(value: dt.datetime) -> dt.datetime:
    """A time as UTC; one written without an offset is taken to be UTC (as GPX and TCX say)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _sport(*names: object) -> str:
    """The first of the names FitSpace knows (a FIT enum it does not name arrives as a number)."""
    for name in names:
        key = name.strip().lower().replace(" ", "_") if isinstance(name, str) else None
        if key in SPORTS:
            return SPORTS[key]
    return WorkoutSport.OTHER


def _heart_rate_summary(samples: list[float]) -> tuple[float | None, float | None]:
    """Average and highest of the plausible samples (a strap's dropouts read 0 or 255)."""
    valid = [s for s in samples if limits.MIN_HEART_RATE <= s <= limits.MAX_HEART_RATE]
    if not valid:
        return None, None
    return sum(valid) / len(valid), max(valid)


# --- GPX ---------------------------------------------------------------------------------------


def _gpx_heart_rate(point: gpxpy.gpx.GPXTrackPoint) -> float | None:
    """A point's heart rate from Garmin's TrackPointExtension (`<gpxtpx:hr>`), or a plain
    `<hr>` extension."""
    for extension in point.extensions:
        for element in extension.iter():
            if isinstance(element.tag, str) and element.tag.rpartition("}")[2] == "hr":
                try:
                    return float(element.text)
                except (TypeError, ValueError):
                    return None
    return None


def _read_gpx(content: bytes) -> Activity:
    """Each track segment is a lap; distance and climb are gpxpy's (2-D distance between
    points; climb from its lightly smoothed elevations)."""
    try:
        gpx = gpxpy.parse(content)
        segments = [
            (track, segment, [p for p in segment.points if p.time is not None])
            for track in gpx.tracks
            for segment in track.segments
        ]
        segments = [item for item in segments if item[2]]
        if not segments:
            raise ActivityFileError(
                "The GPX file has no track points with times: nothing to import.",
                code="no_points",
            )
        laps, distance, climb, has_elevation, beats = [], 0.0, 0.0, False, []
        for _, segment, points in segments:
            lap_beats = [hr for p in points if (hr := _gpx_heart_rate(p)) is not None]
            beats += lap_beats
            length = segment.length_2d() or 0.0
            distance += length
            if any(p.elevation is not None for p in points):
                has_elevation = True
                climb += segment.get_uphill_downhill().uphill or 0.0
            avg, top = _heart_rate_summary(lap_beats)
            laps.append(
                Lap(
                    started_at=_utc(points[0].time),
                    finished_at=_utc(points[-1].time),
                    distance_m=length,
                    avg_heart_rate=avg,
                    max_heart_rate=top,
                )
            )
        first_track = segments[0][0]
        avg, top = _heart_rate_summary(beats)
        started, finished = laps[0].started_at, laps[-1].finished_at
        return Activity(
            format="gpx",
            name=gpx.name or first_track.name or "",
            sport=_sport(first_track.type),
            started_at=started,
            finished_at=finished,
            active_seconds=sum(lap.duration_seconds for lap in laps),
            distance_m=distance,
            elevation_gain_m=climb if has_elevation else None,
            avg_heart_rate=avg,
            max_heart_rate=top,
            laps=laps,
        )
    except ActivityFileError:
        raise
    except (gpxpy.gpx.GPXException, LookupError, ValueError, TypeError, ArithmeticError) as exc:
        raise ActivityFileError(f"Not a readable GPX file ({_brief(exc)}).") from None


# --- TCX ---------------------------------------------------------------------------------------


def _read_tcx(content: bytes) -> Activity:
    """Laps as the file has them; distance and energy are the laps' own totals, heart rate and
    climb come from the track points (tcxreader)."""
    try:
        exercise = TCXReader().read(io.BytesIO(content), only_gps=False)
        laps = []
        for lap in exercise.laps:
            times = [p.time for p in lap.trackpoints if p.time is not None]
            if not times:
                continue
            laps.append(
                Lap(
                    started_at=_utc(times[0]),
                    finished_at=_utc(times[-1]),
                    distance_m=lap.distance,
                    avg_heart_rate=lap.hr_avg,
                    max_heart_rate=lap.hr_max,
                )
            )
        if not laps:
            raise ActivityFileError(
                "The TCX file has no track points with times: nothing to import.",
                code="no_points",
            )
        beats = [p.hr_value for p in exercise.trackpoints if p.hr_value is not None]
        avg, top = _heart_rate_summary(beats)
        has_elevation = exercise.altitude_max is not None
        return Activity(
            format="tcx",
            sport=_sport(exercise.activity_type),
            started_at=laps[0].started_at,
            finished_at=laps[-1].finished_at,
            active_seconds=sum(lap.duration_seconds for lap in laps),
            distance_m=exercise.distance or None,
            elevation_gain_m=exercise.ascent if has_elevation else None,
            avg_heart_rate=avg,
            max_heart_rate=top,
            energy_kj=exercise.calories * KJ_PER_KCAL if exercise.calories else None,
            laps=laps,
        )
    except ActivityFileError:
        raise
    except (
        ET.ParseError,
        LookupError,
        ValueError,
        TypeError,
        AttributeError,
        ArithmeticError,
    ) as exc:
        raise ActivityFileError(f"Not a readable TCX file ({_brief(exc)}).") from None


# --- FIT ---------------------------------------------------------------------------------------


def _read_fit(content: bytes) -> Activity:
    """The sessions' totals (several for a multisport file, added up) and the laps, as the
    device wrote them; heart rate from the records when the sessions do not give it."""
    file_types, sessions, laps, beats = [], [], [], []
    try:
        with fitdecode.FitReader(
            io.BytesIO(content),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as fit:
            for frame in fit:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "file_id":
                    file_types.append(frame.get_value("type", fallback=None))
                elif frame.name == "session":
                    sessions.append(_fit_values(frame))
                elif frame.name == "lap":
                    laps.append(_fit_values(frame))
                elif frame.name == "record":
                    beat = frame.get_value("heart_rate", fallback=None)
                    if isinstance(beat, int | float):
                        beats.append(beat)
    except fitdecode.FitCRCError:
        raise ActivityFileError(
            "The FIT file's checksum does not match: it is damaged.", code="bad_checksum"
        ) from None
    except fitdecode.FitEOFError:
        raise ActivityFileError("The FIT file is cut short.", code="truncated") from None
    except (
        fitdecode.FitError,
        # fitdecode checks some of what it reads with assertions and struct's own errors.
        AssertionError,
        struct.error,
        LookupError,
        ValueError,
        TypeError,
        OverflowError,
    ) as exc:
        raise ActivityFileError(f"Not a readable FIT file ({_brief(exc)}).") from None
    if file_types and file_types[0] != "activity":
        raise ActivityFileError(
            f"A FIT file, but not a recorded activity (it is a {str(file_types[0])[:40]!r}).",
            code="unsupported_format",
        )
    if not sessions:
        raise ActivityFileError(
            "The FIT file has no session summary: nothing to import.", code="no_points"
        )
    return _fit_activity(sessions, laps, beats)


def _fit_values(frame) -> dict:
    return {f.name: f.value for f in frame.fields}


def _fit_span(message: dict) -> tuple[dt.datetime, dt.datetime]:
    """A session's or lap's start and end: its start plus its elapsed time, or else its
    closing timestamp."""
    start, stamp = message.get("start_time"), message.get("timestamp")
    if not isinstance(start, dt.datetime):
        start = stamp
    if not isinstance(start, dt.datetime):
        raise ActivityFileError("The FIT file has a session or lap without a start time.")
    elapsed = message.get("total_elapsed_time")
    if isinstance(elapsed, int | float):
        end = start + dt.timedelta(seconds=elapsed)
    elif isinstance(stamp, dt.datetime):
        end = stamp
    else:
        end = start
    if isinstance(stamp, dt.datetime) and stamp < start:
        raise ActivityFileError("The activity ends before it starts.", code="bad_times")
    return _utc(start), _utc(end)


def _number(message: dict, name: str) -> float | None:
    value = message.get(name)
    return float(value) if isinstance(value, int | float) else None


def _total(messages: list[dict], name: str) -> float | None:
    values = [v for m in messages if (v := _number(m, name)) is not None]
    return sum(values) if values else None


def _fit_activity(sessions: list[dict], laps: list[dict], beats: list[float]) -> Activity:
    spans = [_fit_span(s) for s in sessions]
    timer = _total(sessions, "total_timer_time")
    elapsed = sum((end - start).total_seconds() for start, end in spans)
    weighted = [
        (avg, _number(s, "total_timer_time") or (end - start).total_seconds())
        for s, (start, end) in zip(sessions, spans, strict=True)
        if (avg := _number(s, "avg_heart_rate")) is not None
    ]
    weight = sum(w for _, w in weighted)
    avg = sum(a * w for a, w in weighted) / weight if weighted and weight else None
    tops = [v for s in sessions if (v := _number(s, "max_heart_rate")) is not None]
    top = max(tops, default=None)
    if avg is None and top is None:
        avg, top = _heart_rate_summary(beats)
    calories = _total(sessions, "total_calories")
    kinds = {_sport(s.get("sub_sport"), s.get("sport")) for s in sessions}
    return Activity(
        format="fit",
        sport=kinds.pop() if len(kinds) == 1 else WorkoutSport.OTHER,
        started_at=min(start for start, _ in spans),
        finished_at=max(end for _, end in spans),
        active_seconds=timer if timer is not None else elapsed,
        distance_m=_total(sessions, "total_distance"),
        elevation_gain_m=_total(sessions, "total_ascent"),
        avg_heart_rate=avg,
        max_heart_rate=top,
        energy_kj=calories * KJ_PER_KCAL if calories is not None else None,
        laps=[
            Lap(
                *_fit_span(lap),
                distance_m=_number(lap, "total_distance"),
                avg_heart_rate=_number(lap, "avg_heart_rate"),
                max_heart_rate=_number(lap, "max_heart_rate"),
            )
            for lap in laps
        ],
    )


# --- Limits ------------------------------------------------------------------------------------


def _brief(exc: Exception) -> str:
    """A parser's complaint, short (it may quote the file)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else f"{text[:117]}..."


def _check(activity: Activity, *, now: dt.datetime) -> None:
    """The times and totals FitSpace can store (workouts/limits.py), each refused by name."""
    latest = now + CLOCK_SKEW
    for index, span in enumerate([activity, *activity.laps]):
        what = "The activity" if index == 0 else f"Lap {index}"
        if span.finished_at < span.started_at:
            raise ActivityFileError(f"{what} ends before it starts.", code="bad_times")
        if span.started_at < limits.EARLIEST:
            raise ActivityFileError(
                f"{what} starts before {limits.EARLIEST_YEAR}.", code="bad_times"
            )
        if span.finished_at > latest:
            raise ActivityFileError(f"{what} ends in the future.", code="bad_times")
        duration = (span.finished_at - span.started_at).total_seconds()
        if duration > limits.MAX_DURATION_SECONDS:
            raise ActivityFileError(
                f"{what} lasts longer than {limits.MAX_DURATION_SECONDS // 86400} days.",
                code="out_of_range",
            )
        if not _within(span.distance_m, limits.MAX_ACTIVITY_DISTANCE_M):
            raise ActivityFileError(
                f"{what} covers {span.distance_m:,.0f} m, outside 0 to "
                f"{limits.MAX_ACTIVITY_DISTANCE_M:,} m.",
                code="out_of_range",
            )
    if not 0 <= activity.active_seconds <= limits.MAX_DURATION_SECONDS:
        raise ActivityFileError(
            f"The activity's moving time is outside 0 to {limits.MAX_DURATION_SECONDS // 86400} "
            "days.",
            code="out_of_range",
        )
    maximum = limits.MAX_EXERCISES_PER_WORKOUT * limits.MAX_SETS_PER_EXERCISE
    if len(activity.laps) > maximum:
        raise ActivityFileError(
            f"The activity has {len(activity.laps):,} laps; at most {maximum:,} are kept.",
            code="out_of_range",
        )
    for name, value, top in (
        ("climb", activity.elevation_gain_m, limits.MAX_ELEVATION_GAIN_M),
        ("energy", activity.energy_kj, limits.MAX_ENERGY_KJ),
    ):
        if not _within(value, top):
            raise ActivityFileError(
                f"The activity's {name} ({value:,.0f}) is outside 0 to {top:,}.",
                code="out_of_range",
            )
    avg, top = (
        plausible_heart_rate(activity.avg_heart_rate),
        plausible_heart_rate(activity.max_heart_rate),
    )
    if avg is not None and top is not None and round(avg) > round(top):
        raise ActivityFileError(
            "The activity's average heart rate is above its maximum.", code="out_of_range"
        )


def _within(value: float | None, top: Decimal) -> bool:
    """Unknown, or a real number from 0 to `top`."""
    return value is None or (math.isfinite(value) and 0 <= value <= float(top))


def plausible_heart_rate(value: float | None) -> int | None:
    """A heart rate in whole beats per minute, or None where a device wrote an impossible one
    (a dropout's 0, a glitch's 255)."""
    if value is None or not math.isfinite(value):
        return None
    beats = round(value)
    return beats if limits.MIN_HEART_RATE <= beats <= limits.MAX_HEART_RATE else None
