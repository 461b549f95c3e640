"""The connection_options filter (module_defaults of the roles)."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.connection_options import FilterModule, connection_options


def test_registered():
    assert FilterModule().filters() == {'connection_options': connection_options}


def test_leaves_out_the_options_that_are_null():
    options = dict(base_url='https://cloud.mongodb.com', public_key=None, client_id='id', validate_certs=False, retries=0)
    assert connection_options(options) == dict(base_url='https://cloud.mongodb.com', client_id='id',
                                               validate_certs=False, retries=0)


@pytest.mark.parametrize('empty', [None, {}, ''])
def test_nothing_set_is_no_options(empty):
    assert connection_options(empty) == {}


def test_refuses_what_is_not_a_dictionary():
    with pytest.raises(AnsibleFilterError, match='must be a dictionary'):
        connection_options(['base_url'])
