# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the campaign suite: one simulator per test (its own loopback port), a campaign in tmp_path."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the checkout, for tests.support
from tests.support.collection import put_collection_on_path  # noqa: E402  pylint: disable=wrong-import-position

put_collection_on_path(export=True)

# pylint: disable=wrong-import-position
from tests.simulator import Simulator  # noqa: E402
from tests.simulator import constants  # noqa: E402
from tests.campaign.campaign_env import Campaign  # noqa: E402
from tests.support.secret_scan import Harvest  # noqa: E402

CREDENTIALS = dict(public_key=constants.DEFAULT_PUBLIC_KEY, private_key=constants.DEFAULT_PRIVATE_KEY)


@pytest.fixture
def sim():
    with Simulator(lifetime=1800) as server:
        yield server


@pytest.fixture
def make_campaign(sim, tmp_path):
    """``make_campaign(orgs, per_org)``: a campaign of that shape, its simulator configured and its inventory written."""
    def make(orgs=3, per_org=3):
        one = Campaign(sim.url, tmp_path, orgs=orgs, per_org=per_org, secrets=CREDENTIALS)
        one.configure_simulator()
        one.write_inventory()
        one.log_since()
        return one
    return make


@pytest.fixture
def campaign(make_campaign):
    """The 3 x 3 campaign."""
    return make_campaign(3, 3)


@pytest.fixture
def harvest():
    return Harvest()
