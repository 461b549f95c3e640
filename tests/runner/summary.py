"""Print the results table of a nox JSON report (``nox --report FILE``) and one line CI can read.

    python -m tests.runner.summary REPORT [SECONDS]

Exit status: 0 when every session succeeded (or was skipped on purpose), 1 otherwise. Rows with a
``lane`` (tests/runner/lanes.py merges the reports of its lanes into one) show it.
"""

import json
import re
import sys

CORE = re.compile(r'^2\.\d+$')


def main(argv):
    with open(argv[1]) as handle:
        report = json.load(handle)
    rows = report.get('sessions', [])
    lanes = any('lane' in row for row in rows)
    print('\n=== summary')
    print('%-26s %-6s %-7s %8s%s' % ('session', 'core', 'result', 'time', '  lane' if lanes else ''))
    passed = failed = skipped = 0
    for row in rows:
        name, result = row['name'], row['result']
        core = next((part for part in name.split('-') if CORE.match(part)), '')
        if result == 'success':
            passed += 1
            shown = 'pass'
        elif result == 'skipped':
            skipped += 1
            shown = 'skip'
        else:
            failed += 1
            shown = 'FAIL'
        lane = '  %4s' % row.get('lane', '') if lanes else ''
        print('%-26s %-6s %-7s %7.0fs%s' % (name, core, shown, row.get('duration') or 0, lane))
    if len(argv) > 2:
        print('%-26s %-6s %-7s %7ss' % ('total', '', '', argv[2]))
    print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    ok = rows and not failed
    print('=== all passed' if ok else '=== FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
