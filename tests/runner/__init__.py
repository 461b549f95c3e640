"""Helpers of noxfile.py: interpreters, virtualenv installs, the ansible-test pip stand-in, the summary."""
