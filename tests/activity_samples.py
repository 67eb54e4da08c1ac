"""Small GPX, TCX and FIT files for the import tests, made here rather than shipped.

FIT is binary: `fit_activity` assembles one by the FIT protocol (a 14-byte header with its own
CRC, definition and data messages, the file's CRC-16 at the end), so each test says exactly
what the file holds.
"""

import datetime as dt
import struct

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
# FIT base types: (number, struct format).
ENUM, UINT8, UINT16, UINT32 = (0x00, "B"), (0x02, "B"), (0x84, "H"), (0x86, "I")
# Global message numbers and the sports used here.
FILE_ID, SESSION, LAP, RECORD = 0, 18, 19, 20
SPORTS = {"generic": 0, "running": 1, "cycling": 2, "swimming": 5, "walking": 11}
FILE_TYPES = {"activity": 4, "course": 6}


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT protocol's CRC-16."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            low = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc ^= low ^ _CRC_TABLE[nibble]
    return crc


def _message(local: int, number: int, fields: list[tuple[int, tuple[int, str], int]]) -> bytes:
    """A definition message and one data message of it (little-endian)."""
    definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
    definition += b"".join(
        struct.pack("<BBB", field, struct.calcsize(fmt), base) for field, (base, fmt), _ in fields
    )
    data = bytes([local]) + b"".join(struct.pack(f"<{fmt}", v) for _, (_, fmt), v in fields)
    return definition + data


def _stamp(moment: dt.datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def fit_activity(
    *,
    start: dt.datetime,
    laps: list[dict],
    sport: str = "running",
    file_type: str = "activity",
    heart_rates: list[int] = (),
) -> bytes:
    """A FIT activity: one lap message per item of `laps` (`seconds`, `metres`, `avg_hr`,
    `max_hr`, `kcal`, `ascent`), and a session adding them up; `heart_rates` as records."""
    body = _message(
        0,
        FILE_ID,
        [(0, ENUM, FILE_TYPES[file_type]), (1, UINT16, 1), (4, UINT32, _stamp(start))],
    )
    moment = start
    for second, beat in enumerate(heart_rates):
        at = _stamp(start) + second
        body += _message(1, RECORD, [(253, UINT32, at), (3, UINT8, beat)])
    for lap in laps:
        end = moment + dt.timedelta(seconds=lap["seconds"])
        body += _message(
            2,
            LAP,
            [
                (253, UINT32, _stamp(end)),
                (2, UINT32, _stamp(moment)),
                (7, UINT32, lap["seconds"] * 1000),
                (8, UINT32, lap["seconds"] * 1000),
                (9, UINT32, round(lap["metres"] * 100)),
                (11, UINT16, lap["kcal"]),
                (15, UINT8, lap["avg_hr"]),
                (16, UINT8, lap["max_hr"]),
                (21, UINT16, lap["ascent"]),
            ],
        )
        moment = end
    seconds = sum(lap["seconds"] for lap in laps)
    average = round(sum(lap["avg_hr"] * lap["seconds"] for lap in laps) / seconds)
    body += _message(
        3,
        SESSION,
        [
            (253, UINT32, _stamp(moment)),
            (2, UINT32, _stamp(start)),
            (5, ENUM, SPORTS[sport]),
            (7, UINT32, seconds * 1000),
            (8, UINT32, seconds * 1000),
            (9, UINT32, round(sum(lap["metres"] for lap in laps) * 100)),
            (11, UINT16, sum(lap["kcal"] for lap in laps)),
            (16, UINT8, average),
            (17, UINT8, max(lap["max_hr"] for lap in laps)),
            (22, UINT16, sum(lap["ascent"] for lap in laps)),
        ],
    )
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    return header + body + struct.pack("<H", fit_crc(header + body))


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_track(
    *,
    start: dt.datetime,
    segments: list[list[tuple[float, float, float | None, int | None]]],
    sport: str = "running",
    name: str = "Morning run",
    seconds_apart: int = 10,
) -> bytes:
    """A GPX 1.1 track: each segment a list of (lat, lon, elevation, heart rate) points,
    `seconds_apart` seconds from one to the next (across segments too)."""
    moment, parts = start, []
    for points in segments:
        rows = []
        for lat, lon, elevation, beat in points:
            ele = f"<ele>{elevation}</ele>" if elevation is not None else ""
            hr = (
                "<extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{beat}</gpxtpx:hr>"
                "</gpxtpx:TrackPointExtension></extensions>"
                if beat is not None
                else ""
            )
            rows.append(
                f'<trkpt lat="{lat}" lon="{lon}">{ele}<time>{_iso(moment)}</time>{hr}</trkpt>'
            )
            moment += dt.timedelta(seconds=seconds_apart)
        parts.append("<trkseg>" + "".join(rows) + "</trkseg>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>{name}</name><type>{sport}</type>{''.join(parts)}</trk></gpx>"
    ).encode()


def tcx_activity(
    *,
    start: dt.datetime,
    laps: list[dict],
    sport: str = "Running",
) -> bytes:
    """A TCX activity: each lap (`metres`, `kcal`, `points`: a list of (seconds from the
    start, altitude, heart rate)) with its track."""
    parts = []
    for lap in laps:
        points = "".join(
            "<Trackpoint>"
            f"<Time>{_iso(start + dt.timedelta(seconds=offset))}</Time>"
            "<Position><LatitudeDegrees>51.5</LatitudeDegrees>"
            "<LongitudeDegrees>-0.12</LongitudeDegrees></Position>"
            f"<AltitudeMeters>{altitude}</AltitudeMeters>"
            f"<HeartRateBpm><Value>{beat}</Value></HeartRateBpm>"
            "</Trackpoint>"
            for offset, altitude, beat in lap["points"]
        )
        first = start + dt.timedelta(seconds=lap["points"][0][0])
        parts.append(
            f'<Lap StartTime="{_iso(first)}">'
            f"<TotalTimeSeconds>{lap['points'][-1][0] - lap['points'][0][0]}</TotalTimeSeconds>"
            f"<DistanceMeters>{lap['metres']}</DistanceMeters>"
            f"<Calories>{lap['kcal']}</Calories>"
            f"<Track>{points}</Track></Lap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<TrainingCenterDatabase "
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(start)}</Id>'
        f"{''.join(parts)}</Activity></Activities></TrainingCenterDatabase>"
    ).encode()
