"""Skin photo analysis: Amazon Bedrock (a multimodal model through the Converse API) on the AWS
stages, or a plain local analyzer (image statistics with Pillow) otherwise; chosen by the
`SKIN_ANALYZER` setting. Both give the five metrics (0-100) or raise: `AnalysisUnavailable`
(503: the service cannot be reached or is throttled) or `AnalysisFailed` (502: it answered
something that is not a valid analysis). Nothing is written unless the analysis is whole."""

import io
import json
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException

from wellness.models import SkinEntry

METRICS = SkinEntry.METRICS
FORMATS = {"image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp"}
PROMPT = (
    "You are scoring a photo of a person's face skin for a personal wellness log. Rate each of "
    "these from 0 to 100, higher meaning more of it: radiance (glow, evenness of tone), "
    "moisture (hydrated look), texture (smoothness), pores (how visible), dark_circles (under "
    "the eyes). Answer with only a JSON object with exactly the keys radiance, moisture, "
    "texture, pores, dark_circles and whole-number values, and nothing else. This is not a "
    "medical assessment."
)


class AnalysisUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The skin analyzer cannot be reached right now; try again later."
    default_code = "analysis_unavailable"


class AnalysisFailed(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "The skin analyzer gave no usable answer."
    default_code = "analysis_failed"


@dataclass(frozen=True)
class Analysis:
    metrics: dict[str, int]
    source: str  # SkinEntry.Source
    model: str
    note: str


def analyze(image: bytes, content_type: str) -> Analysis:
    if settings.SKIN_ANALYZER == "bedrock":
        return bedrock_analyze(image, content_type, client=bedrock_client())
    return local_analyze(image)


# --- Amazon Bedrock ----------------------------------------------------------------------------


@cache
def _bedrock_client(region: str, endpoint_url: str | None):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "bedrock-runtime",
        region_name=region,
        endpoint_url=endpoint_url,
        config=Config(connect_timeout=5, read_timeout=20, retries={"max_attempts": 2}),
    )


def bedrock_client():
    return _bedrock_client(settings.BEDROCK_REGION, settings.BEDROCK_ENDPOINT_URL or None)


def converse_request(image: bytes, content_type: str) -> dict:
    """The Converse call for one photo: the image and the instructions in one user message."""
    return {
        "modelId": settings.SKIN_BEDROCK_MODEL_ID,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"image": {"format": FORMATS[content_type], "source": {"bytes": image}}},
                    {"text": PROMPT},
                ],
            }
        ],
        "inferenceConfig": {"maxTokens": 200, "temperature": 0},
    }


# Bedrock's errors that mean "not now" rather than "not like this".
UNAVAILABLE = {
    "ThrottlingException",
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "ModelTimeoutException",
    "InternalServerException",
    "ServiceQuotaExceededException",
}


def bedrock_analyze(image: bytes, content_type: str, *, client) -> Analysis:
    from botocore.exceptions import BotoCoreError, ClientError

    if content_type not in FORMATS:
        raise AnalysisFailed("The photo is not a JPEG, PNG or WebP image.")
    try:
        response = client.converse(**converse_request(image, content_type))
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in UNAVAILABLE:
            raise AnalysisUnavailable() from exc
        raise AnalysisFailed(f"The skin analyzer refused the photo ({code}).") from exc
    except BotoCoreError as exc:  # no connection, a timeout, no credentials
        raise AnalysisUnavailable() from exc
    if response.get("stopReason") not in ("end_turn", "stop_sequence"):
        raise AnalysisFailed(f"The skin analyzer stopped early ({response.get('stopReason')}).")
    content = response.get("output", {}).get("message", {}).get("content", [])
    text = "".join(block.get("text", "") for block in content)
    return Analysis(
        metrics=parse_metrics(text),
        source=SkinEntry.Source.BEDROCK,
        model=settings.SKIN_BEDROCK_MODEL_ID,
        note="Scored by a multimodal model on Amazon Bedrock; an estimate, not a diagnosis.",
    )


def parse_metrics(text: str) -> dict[str, int]:
    """The five metrics from the model's answer: one JSON object (a code fence around it is
    tolerated), exactly the five keys, each a whole number from 0 to 100."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if not match:
        raise AnalysisFailed("The skin analyzer's answer holds no JSON object.")
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise AnalysisFailed("The skin analyzer's answer is not valid JSON.") from exc
    if not isinstance(data, dict) or set(data) != set(METRICS):
        raise AnalysisFailed("The skin analyzer's answer does not have the five metrics.")
    metrics = {}
    for name in METRICS:
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise AnalysisFailed(f"The skin analyzer's {name} is not a whole number.")
        if not 0 <= value <= 100:
            raise AnalysisFailed(f"The skin analyzer's {name} is not between 0 and 100.")
        metrics[name] = int(value)
    return metrics


# --- Local image statistics --------------------------------------------------------------------


def local_analyze(image: bytes) -> Analysis:
    """Image statistics, not a skin assessment: brightness for radiance, colour saturation for
    moisture, the inverse of edge strength for texture, fine detail for pores, and the darkness
    of the image's darkest tenth for dark circles. Deterministic, offline, for development."""
    from PIL import Image, ImageFilter, ImageStat, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as opened:
            opened.thumbnail((256, 256))
            rgb = opened.convert("RGB")
    except (UnidentifiedImageError, Exception) as exc:  # Pillow raises many kinds on bad bytes
        raise AnalysisFailed("The photo cannot be read as an image.") from exc
    gray = rgb.convert("L")
    brightness = ImageStat.Stat(gray).mean[0] / 255
    saturation = ImageStat.Stat(rgb.convert("HSV")).mean[1] / 255
    edges = ImageStat.Stat(gray.filter(ImageFilter.FIND_EDGES)).mean[0] / 255
    detail = ImageStat.Stat(gray.filter(ImageFilter.DETAIL)).stddev[0] / 128
    histogram = gray.histogram()
    total, seen, darkest = sum(histogram), 0, 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= total / 10:
            darkest = level
            break

    def score(value: float) -> int:
        return max(0, min(100, round(value * 100)))

    return Analysis(
        metrics={
            "radiance": score(brightness),
            "moisture": score(saturation),
            "texture": score(1 - edges * 4),
            "pores": score(detail),
            "dark_circles": score(1 - darkest / 255),
        },
        source=SkinEntry.Source.LOCAL,
        model="local-image-statistics",
        note="Local analyzer: plain image statistics (brightness, saturation, edges), not a "
        "skin assessment. Amazon Bedrock scores photos on the AWS stages.",
    )
