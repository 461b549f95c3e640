"""What the two services remember: Atlas link tokens (API keys) and Cloud/Ops Manager links."""

import base64
import binascii
import json
import random
import string
import uuid
from datetime import datetime, timezone

TOKEN_KEYS = frozenset(('orgId', 'orgName', 'publicApiKey', 'privateApiKey'))

_RANDOM = random.SystemRandom()


def now_iso():
    """Timestamps in the ISO 8601 UTC form MongoDB's APIs use."""
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def org_name(org_id):
    return 'Atlas Org %s' % org_id[:6]


def make_link_token(org_id):
    """A token shaped like Atlas's: standard base64 of JSON with exactly four keys (a live API key)."""
    document = {
        'orgId': org_id,
        'orgName': org_name(org_id),
        'publicApiKey': ''.join(_RANDOM.choice(string.ascii_lowercase) for dummy in range(8)),
        'privateApiKey': str(uuid.uuid4()),
    }
    return base64.b64encode(json.dumps(document, separators=(',', ':')).encode('utf-8')).decode('ascii'), document


def decode_link_token(token):
    """The four-key document inside ``token``, or None when it is not a link token."""
    if not isinstance(token, str) or not token:
        return None
    try:
        document = json.loads(base64.b64decode(token.encode('ascii'), validate=True).decode('utf-8'))
    except (binascii.Error, UnicodeError, ValueError):
        return None
    if not isinstance(document, dict) or set(document) != TOKEN_KEYS:
        return None
    if not all(isinstance(value, str) and value for value in document.values()):
        return None
    return document


class LinkState:
    """All mutable service state; callers hold ``lock`` (the server's) around every use."""

    def __init__(self):
        self.atlas = {}    # Atlas org id -> list of live token records
        self.om = {}       # Cloud/Ops Manager org id -> link record
        self.running = {}  # Cloud/Ops Manager org id -> project ids with a running live export

    def create_token(self, org_id, access_list_ips):
        token, document = make_link_token(org_id)
        record = {'linkToken': token, 'publicApiKey': document['publicApiKey'], 'privateApiKey': document['privateApiKey'],
                  'accessListIps': list(access_list_ips), 'createdAt': now_iso()}
        self.atlas.setdefault(org_id, []).append(record)
        return token

    def delete_tokens(self, org_id):
        """Atlas's DELETE carries no token id: it removes every token (API key) of the org."""
        return len(self.atlas.pop(org_id, []))

    def key_is_live(self, document):
        """Would Atlas accept the API key inside this token? Only while its token was not deleted."""
        return any(record['publicApiKey'] == document['publicApiKey'] and record['privateApiKey'] == document['privateApiKey']
                   for record in self.atlas.get(document['orgId'], []))

    def link(self, om_org_id, token, document):
        self.om[om_org_id] = {'atlasOrgId': document['orgId'], 'publicApiKey': document['publicApiKey'],
                              'createdAt': now_iso(), 'linkToken': token, 'document': document}
        return self.om[om_org_id]

    def link_status(self, om_org_id):
        """'SYNCED', 'NOT_SYNCED' (the key behind the link was deleted in Atlas), or None without link."""
        record = self.om.get(om_org_id)
        if record is None:
            return None
        return 'SYNCED' if self.key_is_live(record['document']) else 'NOT_SYNCED'

    def public_link(self, om_org_id):
        """The link as tests see it (no private key)."""
        record = self.om.get(om_org_id)
        if record is None:
            return None
        return {'atlasOrgId': record['atlasOrgId'], 'publicApiKey': record['publicApiKey'],
                'createdAt': record['createdAt'], 'status': self.link_status(om_org_id)}

    def snapshot(self):
        return {
            'atlas': {org: [dict(record, accessListIps=list(record['accessListIps'])) for record in records]
                      for org, records in self.atlas.items()},
            'om': {org: self.public_link(org) for org in self.om},
            'running': {org: list(ids) for org, ids in self.running.items()},
        }
