"""One "Lambda container" for tests/test_pgbouncer.py: a fresh Django process that signs up,
signs in and then, until a deadline, reads and writes through the whole request stack (the
test client: middleware, JWT authentication, ATOMIC_REQUESTS) on a database reached through
pgbouncer in transaction pooling. It also runs, between requests, the kind of work a scheduled
job does outside a request's transaction (a chunked QuerySet.iterator() read in autocommit).

Usage: python tests/pooled_worker.py NAME DEADLINE_EPOCH RESULTS.json
Every response that is not the expected one counts as an error (status and body kept); every
write the API acknowledged (2xx) is listed, so the test can look for it in the database.
"""

import json
import os
import sys
import time
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fitspace.settings")


def main(name: str, deadline: float, results_path: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from rest_framework.test import APIClient

    from workouts.models import Workout

    results = {"requests": 0, "errors": [], "workouts": [], "sets_completed": [], "jobs": 0}
    api = APIClient()

    def call(method, path, expected, body=None, **headers):
        results["requests"] += 1
        response = getattr(api, method)(path, body, format="json", headers=headers)
        if response.status_code not in expected:
            results["errors"].append(
                {
                    "request": f"{method.upper()} {path}",
                    "status": response.status_code,
                    "body": response.content.decode()[:500],
                }
            )
            return None
        return response

    try:
        credentials = {"email": f"{name}@pooled.example.com", "password": "pooled-worker-pass-1"}
        call("post", "/api/v1/auth/register", {201}, {**credentials, "name": name})
        tokens = call("post", "/api/v1/auth/token", {200}, credentials).json()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        me = call("get", "/api/v1/users/me", {200}).json()["id"]
        catalogue = call("get", "/api/v1/exercises", {200})
        etag = catalogue["ETag"]
        lifts = [e["id"] for e in catalogue.json() if {"reps", "weight"} <= set(e["measures"])]

        round_number = 0
        while time.time() < deadline:
            round_number += 1
            created = call(
                "post",
                "/api/v1/workouts",
                {201},
                {
                    "name": f"{name} #{round_number}",
                    "exercises": [
                        {
                            "exercise": lifts[round_number % len(lifts)],
                            "sets": [
                                {"reps": 5, "weight_kg": 60 + round_number % 40},
                                {"reps": 5, "weight_kg": 62.5 + round_number % 40},
                            ],
                        }
                    ],
                },
            )
            if created is None:
                continue
            workout = created.json()
            results["workouts"].append(workout["id"])
            call("post", f"/api/v1/workouts/{workout['id']}/start", {200})
            first_set = workout["exercises"][0]["sets"][0]["id"]
            if call("patch", f"/api/v1/sets/{first_set}", {200}, {"completed": True}):
                results["sets_completed"].append(first_set)
            call("post", f"/api/v1/workouts/{workout['id']}/finish", {200})
            call("get", "/api/v1/workouts?limit=5", {200})
            call("get", f"/api/v1/users/{me}/workouts?limit=5&offset=0", {200})
            call("get", "/api/v1/users/me/stats?period=week", {200})
            call("get", "/api/v1/exercises", {200, 304}, HTTP_IF_NONE_MATCH=etag)
            call("get", f"/api/v1/exercises/{lifts[0]}/history", {200})
            if round_number % 5 == 1:
                # A job's read outside any transaction, in chunks: a server-side cursor unless
                # DB_DISABLE_SERVER_SIDE_CURSORS, and then one the pooler may not keep.
                names = [w.name for w in Workout.objects.filter(user_id=me).iterator(chunk_size=2)]
                results["jobs"] += 1
                if len(names) != len(results["workouts"]):
                    results["errors"].append({"job": "iterator", "rows": len(names)})
    except Exception:
        results["errors"].append({"exception": traceback.format_exc()[-2000:]})
    finally:
        connection.close()
    with open(results_path, "w") as results_file:
        json.dump(results, results_file)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
