# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX job as far as the tests need one: ansible-runner in a fresh private data dir, and AWX's fact storage.

What AWX does for a job (awx/main/tasks/jobs.py and awx/main/tasks/facts.py in github.com/ansible/awx, and
ansible-runner's config/_base.py; the campaign's AWX guide, docs/docsite/rst/guide_campaign_awx.rst, cites them):

* It runs ansible-runner with ``ident`` = the job id in a new private data dir (``project/``, ``inventory/``,
  ``env/``; env files suppressed, ``AWX_RUNNER_OMIT_ENV_FILES``), and with "Enable Fact Storage" on the job
  template (``use_fact_cache``) passes ``fact_cache_type='jsonfile'``: ansible-runner then sets
  ``ANSIBLE_CACHE_PLUGIN=jsonfile`` and ``ANSIBLE_CACHE_PLUGIN_CONNECTION=<private data dir>/artifacts/<ident>/fact_cache``.
* Before the job (``start_fact_cache``) AWX writes the facts its database holds for each host of the job, one JSON
  file per host named after it, mode 0600, into that directory (hosts whose facts are older than the
  ``ANSIBLE_FACT_CACHE_TIMEOUT`` setting left out; 0, the default, means none); it notes when it wrote them.
* After the job (``finish_fact_cache``) it reads back each host's file modified since then into its database; a
  file gone means the playbook cleared the host's facts (``{}``).

Those files are the ``jsonfile`` cache plugin's of ansible-core 2.18 and older (``AWX_LAYOUT``). ansible-core 2.19
and later keep each host as ``s1_<host>`` holding ``{"__payload__": "<the facts as JSON, data tags included>"}``
(``CORE_2_19_LAYOUT``; lib/ansible/_internal/_plugins/_cache.py) and neither read nor write ``<host>``: with such a
core in the execution environment, AWX's fact storage (as of its current source) hands the job no facts and keeps
none of them (ansible/ansible#85874, #86028; ansible-runner#1441, whose ``Runner.get_fact_cache`` reads ``<host>``
too). ``layout_for(version)`` is the layout a core reads; a test that must exercise the campaign's side on a newer core
lays that one out, AWX's own where the core reads it.

``FactStorage`` is that database: ``lay_out`` before a job, ``harvest`` after it. ``run_job`` runs one job. Only
``run_job`` needs ansible-runner (PyPI ``ansible-runner``, imported when called).
"""

import json
import os

from tests.support.playbook import ansible_playbook_executable

AWX_LAYOUT = 'awx'
AWX_HOST = 'https://awx.example.com'
CORE_2_19_LAYOUT = 'ansible-core-2.19'
_PAYLOAD = '__payload__'


def layout_for(version):
    """The fact cache layout ansible-core ``version`` (a string such as '2.21.5') reads and writes."""
    major_minor = tuple(int(part) for part in version.split('.')[:2])
    return AWX_LAYOUT if major_minor < (2, 19) else CORE_2_19_LAYOUT


def fact_cache_dir(private_data_dir, job_id):
    """Where AWX and ansible-runner put a job's jsonfile fact cache: <private data dir>/artifacts/<job id>/fact_cache."""
    return os.path.join(str(private_data_dir), 'artifacts', str(job_id), 'fact_cache')


def _untagged(value):
    """A value of ansible-core's cache payload without its data tags ({"__ansible_type": ..., "value": ...})."""
    if isinstance(value, dict):
        if '__ansible_type' in value and 'value' in value:
            return _untagged(value['value'])
        return dict((key, _untagged(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    return value


class FactStorage:
    """The facts AWX keeps per host of an inventory ({host: ansible_facts}) for job templates with fact storage on,
    exchanged with each job in ``layout`` (AWX_LAYOUT, what AWX does; CORE_2_19_LAYOUT, what newer cores read)."""

    def __init__(self, facts=None, layout=AWX_LAYOUT):
        self.facts = dict(facts or {})
        self.layout = layout

    def file_name(self, host):
        return host if self.layout == AWX_LAYOUT else 's1_' + host

    def _dump(self, facts):
        return facts if self.layout == AWX_LAYOUT else {_PAYLOAD: json.dumps(facts)}

    def _load(self, document):
        return document if self.layout == AWX_LAYOUT else _untagged(json.loads(document[_PAYLOAD]))

    def lay_out(self, private_data_dir, job_id, hosts):
        """Write the stored facts of ``hosts`` where the job's fact cache plugin reads them; returns the write time
        (the newest mtime written, None when no host has facts), which ``harvest`` compares against."""
        directory = fact_cache_dir(private_data_dir, job_id)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        written = None
        for host in hosts:
            if host not in self.facts:
                continue
            path = os.path.join(directory, self.file_name(host))
            with open(path, 'w', encoding='utf-8') as handle:
                os.chmod(path, 0o600)
                json.dump(self._dump(self.facts[host]), handle)
            written = max(written or 0, os.path.getmtime(path))
        return written

    def harvest(self, private_data_dir, job_id, hosts, written=None):
        """Take back the facts of ``hosts`` that the job changed (file modified after ``written``, or any file when
        nothing was written); a file gone clears the host's facts. Returns the hosts updated."""
        directory = fact_cache_dir(private_data_dir, job_id)
        updated = []
        for host in hosts:
            path = os.path.join(directory, self.file_name(host))
            if not os.path.exists(path):
                if self.facts.get(host):
                    self.facts[host] = {}
                    updated.append(host)
                continue
            if written is not None and os.path.getmtime(path) <= written:
                continue
            with open(path, encoding='utf-8') as handle:
                self.facts[host] = self._load(json.load(handle))
            updated.append(host)
        return updated


class Job:
    """A finished job: its ansible-runner Runner, private data dir and id."""

    def __init__(self, runner, private_data_dir, job_id):
        self.runner = runner
        self.private_data_dir = str(private_data_dir)
        self.job_id = job_id

    @property
    def artifacts(self):
        return os.path.join(self.private_data_dir, 'artifacts', str(self.job_id))

    @property
    def stdout(self):
        with open(os.path.join(self.artifacts, 'stdout'), encoding='utf-8', errors='replace') as handle:
            return handle.read()

    def tail(self, lines=80):
        return '\n'.join(self.stdout.splitlines()[-lines:])

    def artifact_files(self):
        """What AWX keeps of the job or shows: stdout, the job events (job_events/*.json) and the fact cache
        (fact_cache/*). Left out: ansible-runner's ``command``, its record of the command line and the whole
        environment the job ran with, the credentials' variables included (AWX keeps its own, with secrets masked)."""
        kept = [os.path.join(self.artifacts, 'stdout')]
        for folder in ('job_events', 'fact_cache'):
            directory = os.path.join(self.artifacts, folder)
            kept += [os.path.join(directory, name) for name in sorted(os.listdir(directory))] if os.path.isdir(directory) else []
        return kept

    def recap_changed(self):
        """The sum of ``changed`` over the hosts of the final playbook_on_stats event."""
        return sum((self.runner.stats or {}).get('changed', {}).values())


def run_job(private_data_dir, job_id, project, playbook, inventory, extravars=None, envvars=None, facts=None,
            hosts=(), timeout=900):
    """Run one AWX job through ansible-runner in ``private_data_dir`` (made fresh: it must not exist yet).

    ``project``: {file name: text} in project/; ``playbook``: the one to run; ``inventory``: a dict written to
    inventory/hosts.json; ``extravars``: the job template's variables (env/extravars); ``envvars``: what the job's
    credentials inject (passed, not written: env files are suppressed, as AWX does). ``facts``: a FactStorage when
    the job template has "Enable Fact Storage": the facts of ``hosts`` are laid out before and harvested after.
    Returns a Job."""
    import ansible_runner  # pylint: disable=import-outside-toplevel

    private_data_dir = str(private_data_dir)
    os.makedirs(private_data_dir)
    for folder in ('project', 'inventory', 'env'):
        os.makedirs(os.path.join(private_data_dir, folder), mode=0o700)
    for name, text in project.items():
        with open(os.path.join(private_data_dir, 'project', name), 'w', encoding='utf-8') as handle:
            handle.write(text)
    inventory_path = os.path.join(private_data_dir, 'inventory', 'hosts.json')
    with open(inventory_path, 'w', encoding='utf-8') as handle:
        json.dump(inventory, handle, indent=1)
    with open(os.path.join(private_data_dir, 'env', 'extravars'), 'w', encoding='utf-8') as handle:
        json.dump(extravars or {}, handle)
    written = facts.lay_out(private_data_dir, job_id, hosts) if facts is not None else None
    # The ansible-playbook of this virtualenv first on PATH (in AWX: the execution environment's).
    path = os.pathsep.join([os.path.dirname(ansible_playbook_executable()), os.environ.get('PATH', '')])
    # Besides the credentials' variables, AWX gives every job these (awx/main/tasks/jobs.py, RunJob.build_env).
    awx_env = dict(JOB_ID=str(job_id), INVENTORY_ID='1', AWX_HOST=AWX_HOST, PATH=path)
    runner = ansible_runner.run(private_data_dir=private_data_dir, ident=str(job_id), playbook=playbook,
                                inventory=inventory_path, envvars=dict(envvars or {}, **awx_env), suppress_env_files=True,
                                fact_cache_type='jsonfile' if facts is not None else '', quiet=True, timeout=timeout)
    if facts is not None:
        facts.harvest(private_data_dir, job_id, hosts, written)
    return Job(runner, private_data_dir, job_id)
