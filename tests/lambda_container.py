"""One Lambda container's life in a fresh process: the function's entry point (zappa_settings.json's
`lambda_handler`, Zappa's handler behind an event check) starts it (a cold start, reading
settings from the environment only) and handles the events given, in order.

Usage: python tests/lambda_container.py EVENTS.json RESULTS.json
       python tests/lambda_container.py --serve
The second form keeps the container warm, as Lambda does between invocations: one JSON event per
line on standard input, one line ``RESULT <json>`` per event on standard output.
Run with PYTHONPATH holding the repository and the folder of the generated zappa_settings.py.
"""

import json
import sys

from zappa.handler import LambdaHandler

from fitspace.lambda_handler import lambda_handler


def main(events_path: str, results_path: str) -> None:
    with open(events_path) as events_file:
        events = json.load(events_file)
    LambdaHandler()  # the cold start: settings, remote_env, Django
    results = [lambda_handler(event, None) for event in events]
    with open(results_path, "w") as results_file:
        json.dump(results, results_file)


def serve() -> None:
    for line in sys.stdin:
        result = lambda_handler(json.loads(line), None)
        sys.stdout.write("RESULT " + json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main(*sys.argv[1:3])
