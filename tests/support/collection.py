# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection bootstrap: ``ansible_collections.livemigrate.mongodb`` and ``tests`` importable from any checkout.

A conftest first puts the checkout on sys.path (two lines, since this module is not importable
before that), then calls ``put_collection_on_path()``.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLLECTION_PARTS = ('ansible_collections', 'livemigrate', 'mongodb')

_made = []  # the directory made for a checkout that is not at .../ansible_collections/livemigrate/mongodb


def collections_dir():
    """The directory that holds ``ansible_collections/livemigrate/mongodb`` for this checkout.

    A checkout elsewhere (a git worktree, a fresh clone) gets a temporary directory with a
    symlink to it, made once per process.
    """
    if ROOT.parts[-3:] == COLLECTION_PARTS:
        return ROOT.parents[2]
    if not _made:
        base = Path(tempfile.mkdtemp(prefix='livemigrate-collection-'))
        (base / 'ansible_collections' / 'livemigrate').mkdir(parents=True)
        os.symlink(str(ROOT), str(base.joinpath(*COLLECTION_PARTS)))
        _made.append(base)
    return _made[0]


def put_collection_on_path(export=False):
    """Put the collections directory and the checkout on sys.path; return the collections directory.

    ``export``: also set ANSIBLE_COLLECTIONS_PATH (unless already set), for the ansible-playbook
    runs of a suite to find this collection.
    """
    base = collections_dir()
    for path in (str(base), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    if export:
        os.environ.setdefault('ANSIBLE_COLLECTIONS_PATH', str(base))
    return base


def collections_path():
    """What ansible-playbook should get as ANSIBLE_COLLECTIONS_PATH to run this collection."""
    return os.environ.get('ANSIBLE_COLLECTIONS_PATH') or str(collections_dir())
