"""The local API Gateway bridge the browser tests use (tests/apigw_bridge.py), on its own with a
function that records its events: what API Gateway would hand the Lambda, and what the browser
gets back. Real HTTP on 127.0.0.1; no database."""

import base64

import pytest
import requests

from tests.apigw_bridge import ApiGatewayBridge
from tests.lambda_events import API_HOST

PNG = b"\x89PNG\r\n\x1a\n\x00\x00binary\xff\xfe"


@pytest.fixture
def bridge():
    events: list[dict] = []
    answers: list[dict] = []

    def function(event, context):
        events.append(event)
        return answers.pop(0) if answers else {"statusCode": 200, "body": "ok"}

    with ApiGatewayBridge(function, stage="dev") as served:
        served.events, served.answers = events, answers
        yield served


def test_a_request_becomes_a_rest_proxy_event_without_the_stage(bridge):
    requests.get(
        bridge.url("/admin/users/user/?q=ana&o=1&o=-2&empty="),
        headers={"Origin": bridge.origin, "Referer": bridge.url("/admin/")},
        timeout=10,
    )

    (event,) = bridge.events
    assert event["httpMethod"] == "GET"
    assert event["path"] == "/admin/users/user/"
    assert event["requestContext"]["stage"] == "dev"
    assert event["requestContext"]["path"] == "/dev/admin/users/user/"
    assert event["headers"]["Host"] == API_HOST
    assert event["headers"]["Origin"] == f"https://{API_HOST}"
    assert event["headers"]["Referer"] == f"https://{API_HOST}/dev/admin/"
    assert event["headers"]["X-Forwarded-Proto"] == "https"
    assert event["multiValueQueryStringParameters"] == {
        "q": ["ana"],
        "o": ["1", "-2"],
        "empty": [""],
    }
    assert event["queryStringParameters"] == {"q": "ana", "o": "-2", "empty": ""}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_a_body_arrives_base64_encoded_byte_for_byte(bridge):
    requests.post(
        bridge.url("/api/v1/upload"), data=PNG, headers={"Content-Type": "image/png"}, timeout=10
    )

    (event,) = bridge.events
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == PNG
    assert event["headers"]["Content-Type"] == "image/png"
    assert event["multiValueHeaders"]["Content-Type"] == ["image/png"]
    # The sample's own Content-Type (application/json) is not left beside the browser's.
    assert [name for name in event["headers"] if name.lower() == "content-type"] == ["Content-Type"]


def test_the_answer_reaches_the_browser_with_every_cookie_and_a_decoded_body(bridge):
    bridge.answers.append(
        {
            "statusCode": 302,
            "headers": {"Set-Cookie": "only-the-last=1", "Location": f"https://{API_HOST}/dev/x"},
            "multiValueHeaders": {
                "Set-Cookie": ["csrftoken=abc; Path=/", "sessionid=def; Path=/; HttpOnly"],
                "Location": [f"https://{API_HOST}/dev/x"],
            },
            "body": "",
        }
    )
    bridge.answers.append(
        {
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": base64.b64encode(PNG).decode(),
            "isBase64Encoded": True,
        }
    )

    session = requests.Session()
    redirect = session.get(bridge.url("/admin/login/"), allow_redirects=False, timeout=10)
    picture = session.get(bridge.url("/static/p.png"), timeout=10)

    assert redirect.status_code == 302
    assert redirect.headers["Location"] == bridge.url("/x")
    assert session.cookies.get_dict() == {"csrftoken": "abc", "sessionid": "def"}
    assert picture.content == PNG
    assert picture.headers["Content-Length"] == str(len(PNG))
    assert bridge.events[1]["headers"]["Cookie"] == "csrftoken=abc; sessionid=def"


def test_outside_the_stage_api_gateway_answers_itself(bridge):
    for path in ("/favicon.ico", "/devx/admin/", "/prod/admin/"):
        response = requests.get(bridge.origin + path, timeout=10)
        assert response.status_code == 403, path
    assert bridge.events == []


def test_an_answer_without_a_body_or_headers_is_served(bridge):
    bridge.answers.append({"statusCode": 204})

    response = requests.delete(bridge.url("/api/v1/thing"), timeout=10)

    assert response.status_code == 204
    assert response.content == b""
    assert "Content-Length" not in response.headers
    assert bridge.events[0]["requestContext"]["httpMethod"] == "DELETE"
