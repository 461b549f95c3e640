# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""source_versions: one test per rule of the pre-flight's version table, each just inside and just outside its
boundaries, and the two documents that print the table (docs/push-migration-requirements.md, section 7, and the
campaign guide) compared with the code row by row, so that they cannot drift apart."""

import re
from pathlib import Path

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import source_versions as sv
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.source_versions import (
    matching_rules, source_version_problem)

ROOT = Path(__file__).resolve().parents[4]
REQUIREMENTS = ROOT / 'docs' / 'push-migration-requirements.md'
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_campaign.rst'
VERDICTS = ('supported', 'deprecated', 'unknown', 'unsupported')
OUTCOME = {'supported': 'passes', 'deprecated': 'warning', 'unknown': 'warning', 'unsupported': 'problem'}

CM, OM = 'cloud_manager', 'ops_manager'
RS, SH = False, True

# rule id -> cases (kind, version, fcv, sharded, rule ids expected): the first ones just inside the rule, the others
# just outside it (the neighbouring rule that decides instead).
CASES = {
    'V00': [(CM, None, None, RS, 'V00'), (OM, '', None, SH, 'V00'), (CM, 'n/a', '7.0', RS, 'V00'),
            (CM, '7.0.13', None, RS, 'V06')],
    'V01': [(CM, '6.1.0', '6.1', RS, 'V01'), (CM, '7.1.0', '7.1', SH, 'V01'), (OM, '5.1.0', '5.1', RS, 'V01'),
            (CM, '8.2.1', '8.2', RS, 'V01'),
            (CM, '6.0.99', '6.0', RS, 'V05'), (CM, '7.0.99', '7.0', RS, 'V06'), (CM, '5.0.30', '5.0', RS, 'V10'),
            (CM, '4.2.24', '4.2', RS, 'V11')],
    'V02': [(OM, '6.0.0', '6.0', RS, 'V02'), (OM, '6.0.17', '6.0', SH, 'V02'), (OM, '7.0.13', '7.0', RS, 'V02'),
            (OM, '8.0.4', '8.0', RS, 'V02'),
            (OM, '5.0.99', '5.0', RS, 'V04'), (CM, '6.0.0', '6.0', RS, 'V10')],
    'V03': [(OM, '5.0.99', '5.0', SH, 'V03'), (OM, '4.4.0', '4.4', SH, 'V03'), (OM, '4.2.24', '4.2', SH, 'V03'),
            (OM, '6.0.0', '6.0', SH, 'V02'), (OM, '5.0.99', '5.0', RS, 'V04'), (CM, '5.0.99', '5.0', SH, 'V09')],
    'V04': [(OM, '4.4.0', '4.4', RS, 'V04'), (OM, '5.0.99', '5.0', RS, 'V04'),
            (OM, '4.3.99', '4.2', RS, 'V11'), (OM, '6.0.0', '6.0', RS, 'V02'), (CM, '4.4.0', '4.4', RS, 'V10')],
    'V05': [(CM, '6.0.17', '6.0', RS, 'V05'), (CM, '6.0.17', '6.0', SH, 'V05'), (CM, '6.0.99-ent', '6.0', RS, 'V05'),
            (CM, '6.0.16', '6.0', RS, 'V10'), (CM, '6.0.16', '6.0', SH, 'V09'), (CM, '6.1.0', '6.1', RS, 'V01'),
            (OM, '6.0.17', '6.0', RS, 'V02')],
    'V06': [(CM, '7.0.13', '7.0', RS, 'V06'), (CM, '7.0.13', '7.0', SH, 'V06'), (CM, '7.0.99', '7.0', RS, 'V06'),
            (CM, '7.0.12', '7.0', RS, 'V08'), (CM, '7.1.0', '7.1', RS, 'V01'), (OM, '7.0.13', '7.0', RS, 'V02')],
    'V07': [(CM, '8.0.0', '8.0', RS, 'V07'), (CM, '8.0.4', '8.0', SH, 'V07'), (CM, '9.0.0', '9.0', RS, 'V07'),
            (CM, '7.0.99', '7.0', RS, 'V06'), (CM, '8.1.0', '8.1', RS, 'V01'), (OM, '8.0.0', '8.0', RS, 'V02')],
    'V08': [(CM, '7.0.0', '7.0', RS, 'V08'), (CM, '7.0.12', '7.0', SH, 'V08'),
            (CM, '7.0.13', '7.0', RS, 'V06'), (CM, '6.0.99', '6.0', RS, 'V05')],
    'V09': [(CM, '6.0.16', '6.0', SH, 'V09'), (CM, '4.4.0', '4.4', SH, 'V09'), (CM, '5.0.29', '5.0', SH, 'V09'),
            (CM, '6.0.17', '6.0', SH, 'V05'), (CM, '4.3.99', '4.2', SH, 'V11'), (CM, '6.0.16', '6.0', RS, 'V10')],
    'V10': [(CM, '6.0.16', '6.0', RS, 'V10'), (CM, '6.0.5', '6.0', RS, 'V10'), (CM, '4.4.0', '4.4', RS, 'V10'),
            (CM, '5.0.29', '5.0', RS, 'V10'),
            (CM, '6.0.17', '6.0', RS, 'V05'), (CM, '4.3.99', '4.2', RS, 'V11'), (CM, '6.0.16', '6.0', SH, 'V09')],
    'V11': [(CM, '4.3.99', '4.2', RS, 'V11'), (CM, '3.6.23', '3.6', SH, 'V11'), (OM, '4.2.24', '4.2', RS, 'V11'),
            (CM, '4.4.0', '4.4', RS, 'V10'), (OM, '4.4.0', '4.4', RS, 'V04')],
    'F01': [(CM, '6.0.17', '5.0', RS, 'V05 F01'), (CM, '7.0.14', '5.0', RS, 'V06 F01'), (CM, '7.0.14', '4.4', SH, 'V06 F01'),
            (CM, '7.0.14', '6.0', RS, 'V06 F04'), (CM, '6.0.17', '6.0', RS, 'V05'),
            (CM, '6.0.16', '5.0', RS, 'V10'), (CM, '8.0.0', '5.0', RS, 'V07')],  # FCV rules only follow V05/V06
    'F04': [(CM, '7.0.14', '6.0', RS, 'V06 F04'), (CM, '7.0.13', '6.0', SH, 'V06 F04'),
            (CM, '7.0.14', '7.0', RS, 'V06'), (CM, '7.0.14', '7.0.0', RS, 'V06'), (CM, '6.0.17', '6.0', SH, 'V05'),
            (CM, '7.0.14', None, RS, 'V06'), (CM, '7.0.14', 'unknown', RS, 'V06'), (CM, '8.0.1', '7.0', RS, 'V07')],
}

ALL_IDS = [rule.id for rule in sv.VERSION_RULES] + [rule.id for rule in sv.FCV_RULES]
RULES = dict((rule.id, rule) for rule in sv.VERSION_RULES + sv.FCV_RULES)


def _params():
    for rule_id in ALL_IDS:
        for index, (kind, version, fcv, sharded, expected) in enumerate(CASES.get(rule_id, [])):
            side = 'inside' if expected.split()[-1] == rule_id else 'outside'
            yield pytest.param(rule_id, kind, version, fcv, sharded, expected,
                               id='%s-%s-%d-%s-%s-%s-fcv%s' % (rule_id, side, index, kind, version, 'sharded' if sharded else 'rs', fcv))


@pytest.mark.parametrize('rule_id, kind, version, fcv, sharded, expected', list(_params()))
def test_rule(rule_id, kind, version, fcv, sharded, expected):
    rule, fcv_rule = matching_rules(kind, version, fcv, sharded)
    assert ' '.join(one.id for one in (rule, fcv_rule) if one) == expected
    decided = RULES[expected.split()[-1]]
    verdict, message = source_version_problem(kind, version, fcv, sharded)
    assert verdict == decided.verdict
    if verdict == 'supported':
        assert message == ''
    else:
        assert message.endswith('(rule %s)' % decided.id)
        if version and '{version}' in decided.message:
            assert version in message
        if '{fcv}' in decided.message:
            assert 'featureCompatibilityVersion %s' % fcv in message


def test_every_rule_has_cases_inside_and_outside():
    assert sorted(CASES) == sorted(ALL_IDS)
    for rule_id, cases in CASES.items():
        decided = [case[-1].split()[-1] for case in cases]
        assert rule_id in decided, rule_id
        assert any(one != rule_id for one in decided), rule_id


def test_examples_of_the_brief_and_the_guide():
    assert source_version_problem(CM, '6.0.5', '6.0')[0] == 'deprecated'
    assert source_version_problem(CM, '6.0.5', '6.0', sharded=True)[0] == 'unsupported'
    assert source_version_problem(CM, '7.0.14', '6.0')[0] == 'unknown'
    assert source_version_problem(CM, '8.0.3', '8.0')[0] == 'unknown'
    assert source_version_problem(CM, '7.0.12', '7.0')[1].startswith('runs MongoDB 7.0.12: ') and \
        'needs 7.0.13 or later' in source_version_problem(CM, '7.0.12', '7.0')[1]


def test_the_table_is_well_formed():
    assert len(set(ALL_IDS)) == len(ALL_IDS)
    assert all(rule.verdict in VERDICTS for rule in sv.VERSION_RULES + sv.FCV_RULES)
    assert all(rule.manager in ('any', CM, OM) and rule.topology in ('any', 'sharded', 'replica_set') for rule in sv.VERSION_RULES)
    assert all((rule.verdict == 'supported') == (rule.message == '') for rule in sv.VERSION_RULES + sv.FCV_RULES)
    assert all(rule.source for rule in sv.VERSION_RULES + sv.FCV_RULES)
    assert set(sv.FCV_CHECKED) <= set(RULES)
    for rule in sv.VERSION_RULES:  # every range parses
        sv.in_range((6, 0, 17), rule.version_range)
    with pytest.raises(ValueError):
        sv.in_range((6, 0, 17), '>= 6.0')


@pytest.mark.parametrize('kind', [CM, OM])
@pytest.mark.parametrize('sharded', [RS, SH])
def test_every_version_meets_a_rule(kind, sharded):
    for major in range(2, 11):
        for minor in range(0, 4):
            for patch in (0, 1, 12, 13, 16, 17, 18, 99):
                version = '%d.%d.%d' % (major, minor, patch)
                verdict, dummy = source_version_problem(kind, version, '%d.%d' % (major, minor), sharded)
                assert verdict in VERDICTS


def test_an_unknown_source_kind_is_refused():
    with pytest.raises(ValueError):
        source_version_problem('atlas', '7.0.13')


# -- the documents ----------------------------------------------------------------------------------

def _section(text, heading):
    start = text.index(heading)
    following = re.search(r'^#{1,3} ', text[start + len(heading):], re.M)
    return text[start:start + len(heading) + following.start()] if following else text[start:]


def _markdown_rows(section):
    rows = []
    for line in section.splitlines():
        if re.match(r'^\| [VF]\d\d \|', line):
            rows.append([cell.strip() for cell in line.strip().strip('|').split(' | ')])
    return rows


def _code(cell):
    return cell.strip('`')


def _message(cell):
    return '' if cell == '—' else cell


def test_requirements_doc_version_table_is_the_code():
    text = REQUIREMENTS.read_text(encoding='utf-8')
    rows = _markdown_rows(_section(text, '### Version rules (first match wins)'))
    documented = [(row[0], row[1], row[2], _code(row[3]), row[4], row[5], _message(row[6]), row[7]) for row in rows]
    code = [(rule.id, rule.manager, rule.topology, rule.version_range, rule.verdict, sv.SEVERITY[rule.verdict],
             rule.message, rule.source) for rule in sv.VERSION_RULES]
    assert documented == code


def test_requirements_doc_fcv_table_is_the_code():
    text = REQUIREMENTS.read_text(encoding='utf-8')
    rows = _markdown_rows(_section(text, '### FCV and destination rules'))
    checked = [(row[0], row[2], row[3], _message(row[4]), row[5]) for row in rows if row[2] != 'not checked']
    code = [(rule.id, rule.verdict, sv.SEVERITY[rule.verdict], rule.message, rule.source) for rule in sv.FCV_RULES]
    assert checked == code
    not_checked = [row[0] for row in rows if row[2] == 'not checked']
    assert not_checked == ['F02', 'F03', 'F05'] and not set(not_checked) & set(RULES)
    assert all(row[3] == '—' for row in rows if row[2] == 'not checked')


def test_requirements_doc_names_no_other_version_rule():
    text = REQUIREMENTS.read_text(encoding='utf-8')
    named = set(re.findall(r'\b([VF]\d\d)\b', text))
    assert named <= set(RULES) | {'F02', 'F03', 'F05'}, named - set(RULES)


def _rst_rows(text):
    rows = []
    for line in text.splitlines():
        if re.match(r'^[VF]\d\d  ', line):
            rows.append(re.split(r'\s{2,}', line.strip()))
    return rows


def test_campaign_guide_tables_are_the_code():
    rows = _rst_rows(GUIDE.read_text(encoding='utf-8'))
    version_rows = [row for row in rows if row[0].startswith('V')]
    fcv_rows = [row for row in rows if row[0].startswith('F')]
    assert [(row[0], row[1], row[2], _code(row[3]), row[4], row[5]) for row in version_rows] == [
        (rule.id, rule.manager, rule.topology, rule.version_range, rule.verdict, OUTCOME[rule.verdict]) for rule in sv.VERSION_RULES]
    assert [(row[0], row[-2], row[-1]) for row in fcv_rows] == [
        (rule.id, rule.verdict, OUTCOME[rule.verdict]) for rule in sv.FCV_RULES]
