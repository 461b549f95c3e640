# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module parameters as AnsibleModule would build them: ansible-core's ArgumentSpecValidator over
the module's real argument spec and rules (plugins/module_utils/_module/arguments.py), so that defaults,
types, choices, suboptions and mutually_exclusive / required_one_of / required_if /
required_together are those of the module, not a copy.
"""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


class InvalidParameters(Exception):
    """The spec refused the parameters; ``messages`` are AnsibleModule's own error messages."""

    def __init__(self, messages):
        self.messages = list(messages)
        super(InvalidParameters, self).__init__('; '.join(self.messages))


def module_params(arguments, params):
    """The validated parameters of the module described by ``arguments`` (a ModuleArguments).

    A None value means "not given" (as an omitted option), so that a test can unset a base value.
    """
    given = dict((name, value) for name, value in params.items() if value is not None)
    result = ArgumentSpecValidator(arguments.argument_spec, **arguments.rules).validate(given)
    if result.error_messages:
        raise InvalidParameters(result.error_messages)
    return result.validated_parameters
