# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The secrets one module run knows: the one place that hides them.

Two layers, because a secret learnt at run time (a link-token and the private key inside it, an
agent API key, an OAuth access token) is not an option Ansible could mark ``no_log``:

- ``redact()``: the collection's own messages (errors, warnings, per-item results) never carry one,
  on every ansible-core.
- ansible-core 2.22+ ``register_secret``: Ansible masks the value wherever it shows (``-vvvv``,
  ``debug``, a registered result printed without ``no_log``) while the next task still receives
  the real value. Older cores have no such registry: there a task that returns a secret still
  needs ``no_log: true``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

try:
    from ansible.module_utils.secrets import register_secret as _register_secret
except ImportError:  # ansible-core before 2.22
    _register_secret = None

REDACTED = '********'
# Whether Ansible itself masks the secrets registered here (ansible-core 2.22+).
ANSIBLE_MASKS = _register_secret is not None


class Secrets:
    """A set of secret strings: ``known`` ones (options Ansible masks already) and ``learn``t ones."""

    def __init__(self, known=()):
        self._values = set(value for value in known if value)

    def learn(self, value):
        """A secret the run discovered: redacted from the collection's messages and registered with Ansible."""
        if not value:
            return
        self._values.add(value)
        if _register_secret is not None:
            _register_secret(value)

    def redact(self, value):
        """``value`` without any secret: a string, or the strings inside lists and dicts."""
        if isinstance(value, str):
            # Longest first: a secret that contains another is replaced whole.
            for secret in sorted(self._values, key=len, reverse=True):
                value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, (list, tuple)):
            return [self.redact(item) for item in value]
        if isinstance(value, dict):
            return dict((key, self.redact(item)) for key, item in value.items())
        return value
