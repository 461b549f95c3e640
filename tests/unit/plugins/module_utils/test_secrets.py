# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_http/secrets.py: the collection's own redaction on every core, and ansible-core 2.22's secret registry."""

import importlib.util

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.secrets import ANSIBLE_MASKS, REDACTED, Secrets


def test_redacts_known_and_learnt_secrets_in_nested_values():
    secrets = Secrets(known=('client-secret-1234', None, ''))
    secrets.learn('learnt-secret-5678')
    value = {'msg': 'a client-secret-1234 b', 'items': ['learnt-secret-5678', 3], 'n': None}
    assert secrets.redact(value) == {'msg': 'a %s b' % REDACTED, 'items': [REDACTED, 3], 'n': None}


def test_a_secret_inside_another_is_replaced_whole():
    secrets = Secrets()
    secrets.learn('abcdefgh')
    secrets.learn('xx-abcdefgh-yy')
    assert secrets.redact('token xx-abcdefgh-yy') == 'token %s' % REDACTED


@pytest.mark.skipif(not ANSIBLE_MASKS, reason='ansible-core before 2.22 has no secret registry')
def test_learnt_secrets_are_registered_with_ansible():
    from ansible.module_utils.secrets import mask_secrets
    Secrets().learn('registered-secret-9012')
    # The registry is process-wide (other tests register short values too): look only at this secret.
    masked = mask_secrets('the value registered-secret-9012 is secret')
    assert 'registered-secret-9012' not in masked and '$REDACTED$' in masked


def test_registry_is_used_exactly_where_ansible_has_it():
    assert ANSIBLE_MASKS == (importlib.util.find_spec('ansible.module_utils.secrets') is not None)
