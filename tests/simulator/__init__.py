"""An HTTP simulator of MongoDB Atlas link tokens and Cloud/Ops Manager migration links.

Start it with ``python -m tests.simulator`` (see README.md) or from Python::

    with Simulator() as sim:
        ...  # point clients at sim.url with DEFAULT_PUBLIC_KEY / DEFAULT_PRIVATE_KEY
"""

from .constants import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY
from .server import Simulator

__all__ = ['Simulator', 'DEFAULT_PUBLIC_KEY', 'DEFAULT_PRIVATE_KEY', 'DEFAULT_CLIENT_ID', 'DEFAULT_CLIENT_SECRET']
