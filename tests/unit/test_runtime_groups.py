# Copyright: livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep meta/runtime.yml's action_groups in step with plugins/modules/.

``module_defaults: {group/livemigrate.mongodb.atlas: ...}`` (and ``om``,
``all``) only reach the modules listed in meta/runtime.yml, so a module that
is added without being listed there, or a group entry left behind after a
module is renamed, silently breaks playbooks.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
RUNTIME_YML = COLLECTION_ROOT / 'meta' / 'runtime.yml'
MODULES_DIR = COLLECTION_ROOT / 'plugins' / 'modules'
COLLECTION = 'livemigrate.mongodb'

# Module name prefix -> the action group every such module belongs to.
PREFIX_GROUPS = {
    'atlas_': 'atlas',
    'om_': 'om',
}
# Groups that hold no module of their own but extend the others.
UMBRELLA_GROUP = 'all'
# Modules that call no API, so take no connection options and belong to no group.
LOCAL_MODULES = {'migration_state'}


def _modules() -> set[str]:
    if not MODULES_DIR.is_dir():
        return set()
    return {path.stem for path in MODULES_DIR.glob('*.py') if path.stem != '__init__'}


def _short_name(entry: str) -> str:
    """Return the collection-local name of a group entry (short or FQCN)."""
    if entry.startswith(COLLECTION + '.'):
        return entry[len(COLLECTION) + 1:]
    return entry


def _split_group(entries: list) -> tuple[list[str], list[str]]:
    """Return (actions, extended groups) of one action group."""
    actions: list[str] = []
    extends: list[str] = []
    metadata_entries = 0
    for entry in entries:
        if isinstance(entry, str):
            actions.append(_short_name(entry))
            continue
        assert isinstance(entry, dict) and list(entry) == ['metadata'], (
            'the only non-string entry allowed in an action group is {metadata: ...}, got %r' % (entry,))
        metadata_entries += 1
        metadata = entry['metadata']
        assert isinstance(metadata, dict) and set(metadata) <= {'extend_group'}, (
            'metadata may only hold extend_group, got %r' % (metadata,))
        extend = metadata.get('extend_group', [])
        if isinstance(extend, str):
            extend = [extend]
        assert isinstance(extend, list), 'extend_group must be a list, got %r' % (extend,)
        extends.extend(_short_name(name) for name in extend)
    assert metadata_entries <= 1, 'an action group may hold at most one metadata entry'
    return actions, extends


@pytest.fixture(scope='module')
def groups() -> dict[str, tuple[list[str], list[str]]]:
    runtime = yaml.safe_load(RUNTIME_YML.read_text(encoding='utf-8'))
    assert isinstance(runtime, dict), 'meta/runtime.yml must be a mapping'
    action_groups = runtime.get('action_groups')
    assert isinstance(action_groups, dict), 'meta/runtime.yml must define action_groups'
    result = {}
    for name, entries in action_groups.items():
        assert isinstance(entries, list), 'action group %s must be a list' % name
        result[name] = _split_group(entries)
    return result


@pytest.fixture(scope='module')
def modules() -> set[str]:
    return _modules()


def _expanded(groups, name: str, seen: frozenset = frozenset()) -> set[str]:
    """All actions of a group, following extend_group like ansible-core does."""
    actions, extends = groups[name]
    result = set(actions)
    for other in extends:
        if other in seen or other not in groups:
            continue
        result |= _expanded(groups, other, seen | {name})
    return result


def test_expected_groups_exist(groups):
    assert set(groups) == set(PREFIX_GROUPS.values()) | {UMBRELLA_GROUP}


def test_no_duplicate_entries(groups):
    for name, (actions, extends) in groups.items():
        assert len(actions) == len(set(actions)), 'group %s lists a module twice: %s' % (name, actions)
        assert len(extends) == len(set(extends)), 'group %s extends a group twice: %s' % (name, extends)


def test_umbrella_group_extends_all_others(groups):
    actions, extends = groups[UMBRELLA_GROUP]
    assert actions == [], 'group %s should only extend the other groups, not list modules' % UMBRELLA_GROUP
    assert sorted(extends) == sorted(PREFIX_GROUPS.values())


def test_extended_groups_exist(groups):
    for name, (_actions, extends) in groups.items():
        for other in extends:
            assert other in groups, 'group %s extends unknown group %s' % (name, other)
            assert other != name, 'group %s extends itself' % name


def test_groups_list_only_existing_modules(groups, modules):
    for name, (actions, _extends) in groups.items():
        missing = sorted(set(actions) - modules)
        assert not missing, 'group %s lists modules missing from plugins/modules/: %s' % (name, missing)


def test_groups_match_module_prefixes(groups):
    for prefix, group in PREFIX_GROUPS.items():
        actions, _extends = groups[group]
        wrong = sorted(action for action in actions if not action.startswith(prefix))
        assert not wrong, 'group %s holds modules not named %s*: %s' % (group, prefix, wrong)


def test_every_module_is_in_its_group(groups, modules):
    for module in sorted(modules - LOCAL_MODULES):
        matching = [group for prefix, group in PREFIX_GROUPS.items() if module.startswith(prefix)]
        assert matching, 'module %s has no known prefix (%s)' % (module, ', '.join(PREFIX_GROUPS))
        group = matching[0]
        assert module in groups[group][0], 'module %s is missing from action group %s' % (module, group)
        assert module in _expanded(groups, UMBRELLA_GROUP), (
            'module %s is not reached by group %s' % (module, UMBRELLA_GROUP))


def test_umbrella_group_reaches_every_grouped_module(groups):
    grouped = set()
    for group in PREFIX_GROUPS.values():
        grouped |= set(groups[group][0])
    assert _expanded(groups, UMBRELLA_GROUP) == grouped


def test_local_modules_are_in_no_group(groups, modules):
    assert LOCAL_MODULES <= modules
    for name, (actions, _extends) in groups.items():
        assert not LOCAL_MODULES & set(actions), 'group %s lists a module that takes no connection options' % name
