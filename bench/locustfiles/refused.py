"""Locust: tracking requests refused by validation (a receipt too short): no hash, no query.

What the server's stack costs per request before any of our work: gunicorn, the middleware, DRF
parsing the JSON and answering 400 (the floor under the intake and tracking figures).
"""

from locust import FastHttpUser, constant, task


class Citizen(FastHttpUser):
    wait_time = constant(0)

    @task
    def refused(self) -> None:
        body = {"receipt": "12"}
        with self.client.post("/api/v1/track/", json=body, name="refused", catch_response=True) as response:
            if response.status_code == 400:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}, expected 400")
