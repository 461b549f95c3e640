"""Helpers of noxfile.py and tests/run.sh: interpreters, virtualenv installs, the ansible-test pip stand-in and
sanity skips, the parallel lanes of the default run, the summary."""
