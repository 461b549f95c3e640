"""Answers that differ between real MongoDB deployments; tests switch them to cover every variant."""

NO_LINK_ANSWERS = ('404', 'not_synced')
OM_CREATE_ANSWERS = ('status', 'source_org_view')


class Settings:
    """Mutable, validated knobs.

    ``no_link_answer``: what GET migrationLink/status says when no link was ever made ('404' or
    'not_synced'); ``om_create_answer``: the POST migrationLink answer ('status' -> 201 {"status"},
    'source_org_view' -> 200 with the richer body); ``oauth_token_ttl``: seconds a bearer token lives.
    """

    DEFAULTS = {'no_link_answer': '404', 'om_create_answer': 'status', 'oauth_token_ttl': 3600}

    def __init__(self):
        self.no_link_answer = self.DEFAULTS['no_link_answer']
        self.om_create_answer = self.DEFAULTS['om_create_answer']
        self.oauth_token_ttl = self.DEFAULTS['oauth_token_ttl']

    def update(self, **kwargs):
        """Validate everything first so a bad call changes nothing."""
        for key, value in kwargs.items():
            if key not in self.DEFAULTS:
                raise ValueError('unknown setting %r (known: %s)' % (key, ', '.join(sorted(self.DEFAULTS))))
        if 'no_link_answer' in kwargs:
            kwargs['no_link_answer'] = str(kwargs['no_link_answer'])
            if kwargs['no_link_answer'] not in NO_LINK_ANSWERS:
                raise ValueError('no_link_answer must be one of %s' % ', '.join(NO_LINK_ANSWERS))
        if 'om_create_answer' in kwargs and kwargs['om_create_answer'] not in OM_CREATE_ANSWERS:
            raise ValueError('om_create_answer must be one of %s' % ', '.join(OM_CREATE_ANSWERS))
        if 'oauth_token_ttl' in kwargs:
            value = kwargs['oauth_token_ttl']
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError('oauth_token_ttl must be an integer >= 0')
        for key, value in kwargs.items():
            setattr(self, key, value)

    def as_dict(self):
        return {key: getattr(self, key) for key in self.DEFAULTS}

    def __getitem__(self, key):
        # Lets callers treat settings as a dict too (``sim.settings['no_link_answer']``).
        if key not in self.DEFAULTS:
            raise KeyError(key)
        return getattr(self, key)

    def __repr__(self):
        return 'Settings(%r)' % self.as_dict()
