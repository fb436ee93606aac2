import http.server
import json
import socket
import threading
from datetime import date
from decimal import Decimal

import pytest

from sinergi.accounts.models import User
from sinergi.notifications.services import webhook_signature
from sinergi.planning.models import RegionalPlan
from sinergi.reporting import services as reporting
from sinergi.reporting.models import Period
from sinergi.reporting.services import config_for

WEBHOOK_SECRET = "rahasia-uji"


def person(username: str, email: str = "") -> User:
    """A demo persona, with an e-mail address when given (the demo accounts have none)."""
    user = User.objects.get(username=username)
    if email:
        user.email = email
        user.save(update_fields=["email"])
    return user


@pytest.fixture
def secretariat(db):
    return person("sekretariat")


@pytest.fixture
def period(secretariat):
    """Semester I 2023 of Kota Metro on the adopted demo RAD 2023, due Friday 14 July 2023."""
    plan = RegionalPlan.objects.get(government__region_id="18.72", start_year=2023)
    # The demo's own open period (Semester I 2024) would be reminded too; these tests look at this one only.
    Period.objects.filter(status="open").update(status="closed")
    return reporting.period_open(plan=plan, year=2023, number=1, by=secretariat, due_on=date(2023, 7, 14))


def fill(report, by):
    """Write a complete draft: every indicator's value and a narrative."""
    reporting.report_save(
        report=report,
        by=by,
        values={v.indicator_id: Decimal(10) for v in report.values.all()},
        narrative="Kegiatan terlaksana sesuai jadwal.",
    )


def free_port() -> int:
    """A local port nothing listens on (connecting to it is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebhookReceiver:
    """A tiny HTTP server on 127.0.0.1 that records what it receives and checks each signature."""

    def __init__(self, secret: str, status: int = 204):
        self.secret, self.status, self.requests = secret, status, []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                        "json": json.loads(body),
                        "signed": self.headers.get("X-Sinergi-Signature") == webhook_signature(receiver.secret, body),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def webhook(db):
    """Kota Metro's webhook pointed at a local receiver, started for the test and stopped after it."""
    with WebhookReceiver(WEBHOOK_SECRET) as receiver:
        config = config_for(User.objects.get(username="sekretariat").government)
        config.webhook_url, config.webhook_secret = receiver.url, WEBHOOK_SECRET
        config.save()
        yield receiver
