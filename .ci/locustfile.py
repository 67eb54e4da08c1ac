"""What FitSpace's clients do, for `make load` (.ci/load.py runs it headless): each simulated
athlete signs up and signs in, then reads their history, logs workouts with sets (start, a set
marked done, finish), looks at stats and exercise history, and syncs the catalogue with its ETag.

When locust quits, the file named by LOAD_RESULTS gets every request (name, milliseconds,
error) and every write the API acknowledged (2xx), kept side by side so the two agree, for
.ci/load.py to report and to look for each write in the database.
"""

import itertools
import json
import os
import uuid

from locust import HttpUser, between, events, task

RESULTS = os.environ.get("LOAD_RESULTS", "")
_acknowledged: list[dict] = []
_requests: list[tuple[str, float, float, str]] = []  # name, start (s), milliseconds, error
_numbers = itertools.count(1)


@events.request.add_listener
def _record(name, response_time, exception, start_time, **kwargs):
    _requests.append((name, start_time, response_time, str(exception) if exception else ""))


@events.quitting.add_listener
def _save(environment, **kwargs):
    if RESULTS:
        with open(RESULTS, "w") as file:
            json.dump({"requests": _requests, "acknowledged": _acknowledged}, file)


class Athlete(HttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        password = uuid.uuid4().hex  # each athlete its own
        with self.client.post(
            "/api/v1/auth/register",
            json={"email": self.email, "password": password, "name": "Load Athlete"},
            name="sign up",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                _acknowledged.append({"kind": "user", "email": self.email})
        tokens = self.client.post(
            "/api/v1/auth/token", json={"email": self.email, "password": password}, name="sign in"
        ).json()
        self.client.headers["Authorization"] = f"Bearer {tokens['access']}"
        self.me = self.client.get("/api/v1/users/me", name="profile").json()["id"]
        catalogue = self.client.get("/api/v1/exercises", name="catalogue")
        self.etag = catalogue.headers["ETag"]
        self.lifts = [
            e["id"] for e in catalogue.json() if {"reps", "weight"} <= set(e["measures"])
        ][:10]
        self.runs = [
            e["id"] for e in catalogue.json() if {"duration", "distance"} <= set(e["measures"])
        ][:5]

    @task(4)
    def history(self):
        self.client.get("/api/v1/workouts?limit=10", name="history")
        self.client.get(f"/api/v1/users/{self.me}/workouts?limit=10&offset=0", name="history v1")

    @task(3)
    def log_workout(self):
        number = next(_numbers)
        body = {
            "name": f"Session {number}",
            "exercises": [
                {
                    "exercise": self.lifts[number % len(self.lifts)],
                    "sets": [
                        {"set_type": "warm_up", "reps": 10, "weight_kg": 40},
                        {"reps": 5, "weight_kg": 80 + number % 30, "rpe": 8},
                        {"reps": 5, "weight_kg": 80 + number % 30},
                    ],
                },
                {
                    "exercise": self.runs[number % len(self.runs)],
                    "sets": [{"duration_seconds": 1200, "distance_m": 3500}],
                },
            ],
        }
        response = self.client.post("/api/v1/workouts", json=body, name="log workout")
        if response.status_code != 201:
            return
        workout = response.json()
        _acknowledged.append({"kind": "workout", "id": workout["id"], "sets": 4})
        self.client.post(f"/api/v1/workouts/{workout['id']}/start", name="start")
        top_set = workout["exercises"][0]["sets"][1]["id"]
        done = self.client.patch(
            f"/api/v1/sets/{top_set}", json={"completed": True}, name="set done"
        )
        if done.status_code == 200:
            _acknowledged.append({"kind": "set done", "id": top_set})
        finished = self.client.post(f"/api/v1/workouts/{workout['id']}/finish", name="finish")
        if finished.status_code == 200:
            _acknowledged.append({"kind": "finished", "id": workout["id"]})

    @task(2)
    def stats(self):
        self.client.get("/api/v1/users/me/stats?period=week", name="stats")

    @task(2)
    def catalogue(self):
        with self.client.get(
            "/api/v1/exercises",
            headers={"If-None-Match": self.etag},
            name="catalogue (ETag)",
            catch_response=True,
        ) as response:
            if response.status_code == 304:
                response.success()
            elif response.status_code == 200:
                self.etag = response.headers["ETag"]
            else:
                response.failure(f"catalogue: {response.status_code}")

    @task(1)
    def exercise_history(self):
        self.client.get(f"/api/v1/exercises/{self.lifts[0]}/history", name="exercise history")
