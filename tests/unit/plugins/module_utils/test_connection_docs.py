# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_module/connection.py owns the connection settings; the doc fragments atlas_api, om_api and connection
document them. These tests keep the two in step: every option, its default and every environment variable."""

import pytest
import yaml

from ansible_collections.livemigrate.mongodb.plugins.doc_fragments import atlas_api, connection as connection_docs, om_api
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import ATLAS, ENV, OM, connection

FRAGMENTS = {ATLAS: atlas_api, OM: om_api}


def documented(family):
    options = {}
    for fragment in (FRAGMENTS[family], connection_docs):
        options.update(yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)['options'])
    return options


@pytest.mark.parametrize('family', [ATLAS, OM])
def test_every_connection_option_is_documented_with_its_default(family):
    spec, docs = connection(family), documented(family)
    assert sorted(docs) == sorted(spec)
    for name, option in spec.items():
        assert docs[name].get('default') == option.get('default'), name
        assert docs[name]['type'] == option['type'], name


@pytest.mark.parametrize('family', [ATLAS, OM])
def test_every_environment_variable_is_documented(family):
    docs = documented(family)
    for name, variables in ENV[family].items():
        text = ' '.join(docs[name]['description'])
        for variable in variables:
            assert 'E(%s)' % variable in text, (name, variable)
