"""Fixed names and demo credentials of the simulator (simulator-only, never valid anywhere else)."""

# Demo credentials that always work; printing them is fine, they open nothing but this simulator.
DEFAULT_PUBLIC_KEY = 'simpubky'
DEFAULT_PRIVATE_KEY = '0c5a7b3e-91d4-4f6a-8e2b-5d7c9a1f3e60'
DEFAULT_CLIENT_ID = 'mdb_sa_id_65f0c0ffee5eed0ddba11a57'
DEFAULT_CLIENT_SECRET = 'mdb_sa_sk_Qm7vX2pLc9RtY4nWb8HsKe3JfZ6aDg5uTy1oVi0r'

# The realm MongoDB's Atlas, Cloud Manager and Ops Manager use in their Digest challenge.
DIGEST_REALM = 'MMS Public API'

ATLAS_PREFIX = '/api/atlas/v2/'
OM_PREFIX = '/api/public/v1.0/'
OAUTH_TOKEN_PATH = '/api/oauth/token'
OAUTH_REVOKE_PATH = '/api/oauth/revoke'
CONTROL_PREFIX = '/_sim/'

# The link-token resource has one version only; any other date must be refused like Atlas does.
ATLAS_LINK_TOKEN_MEDIA_TYPE = 'application/vnd.atlas.2023-01-01+json'
JSON = 'application/json'

ORG_ID_PATTERN = r'[a-f0-9]{24}'
