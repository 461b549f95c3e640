# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's main job (link_demo.yml) twice against a fresh API simulator: the first run links
every organization, the second finds them linked and changes nothing.

    nox -s demo [-- ANSIBLE-PLAYBOOK OPTIONS]        (or: bash tests/run.sh demo)

Runs with the Python of a virtualenv that has ansible-core and requests (the nox session's), with
ANSIBLE_COLLECTIONS_PATH holding ansible_collections/livemigrate/mongodb.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from tests.simulator import Simulator, constants  # noqa: E402
from tests.support.playbook import run_playbook  # noqa: E402

# Only the options the playbook sets may reach the modules: no credentials from the caller's environment.
CREDENTIAL_VARIABLES = [name for name in os.environ if name.startswith(('MONGODB_ATLAS_', 'MONGODB_OM_', 'MCLI_'))]


def main(args):
    with Simulator() as sim:
        print('API simulator at %s' % sim.url)
        env = dict((name, None) for name in CREDENTIAL_VARIABLES)
        env.update(LM_SIM_URL=sim.url, ANSIBLE_PYTHON_INTERPRETER=sys.executable, LM_SIM_CREDENTIALS=json.dumps(dict(
            public_key=constants.DEFAULT_PUBLIC_KEY, private_key=constants.DEFAULT_PRIVATE_KEY,
            client_id=constants.DEFAULT_CLIENT_ID, client_secret=constants.DEFAULT_CLIENT_SECRET)))
        changed = []
        for title in ('first run: links every organization', 'second run: already linked, nothing changes'):
            print('--- %s' % title)
            run = run_playbook('link_demo.yml', inventory='localhost,', env=env, cwd=HERE, args=args)
            sys.stdout.write(run.stdout)
            sys.stderr.write(run.stderr)
            if run.rc != 0:
                print('demo: ansible-playbook failed (rc %s)' % run.rc, file=sys.stderr)
                return run.rc
            changed.append(run.recap_changed())
    if not changed[0] or changed[1]:
        print('demo: expected changes on the first run and none on the second, got changed=%s' % changed, file=sys.stderr)
        return 1
    print('demo: first run changed=%d, second run changed=0' % changed[0])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
