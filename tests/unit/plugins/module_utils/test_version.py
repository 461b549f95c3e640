"""_http/version.py holds the collection version once; galaxy.yml must say the same (the amazon.aws pattern)."""

from pathlib import Path

import yaml

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.client import USER_AGENT
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.version import COLLECTION_VERSION

GALAXY = Path(__file__).resolve().parents[4] / 'galaxy.yml'


def test_collection_version_equals_galaxy_yml():
    assert COLLECTION_VERSION == yaml.safe_load(GALAXY.read_text())['version']


def test_user_agent_names_the_version():
    assert USER_AGENT == 'livemigrate.mongodb/%s (Ansible collection)' % COLLECTION_VERSION
