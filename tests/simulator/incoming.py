"""The parsed request the routes see."""

from urllib.parse import parse_qsl


def media_types(header_value):
    """Lower-cased media types of an Accept or Content-Type value, parameters (q=, charset=) dropped."""
    if not header_value:
        return []
    return [part.split(';', 1)[0].strip().lower() for part in header_value.split(',') if part.strip()]


class Request:
    """Method, path, query (last value wins), headers and raw body of one request."""

    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target  # the request-target as sent, which Digest's ``uri`` must repeat
        path, _sep, query = target.partition('?')
        self.path = path
        self.query = dict(parse_qsl(query, keep_blank_values=True))
        self.headers = headers  # an email.message.Message: case-insensitive get()
        self.body = body

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def flag(self, name):
        """A boolean query parameter such as ``pretty`` or ``envelope``."""
        return self.query.get(name, '').lower() == 'true'
