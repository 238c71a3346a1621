/**
 * The gate's verdicts as JUnit XML (`junit.xml` in the run folder), one testcase per candidate and
 * check, so that CI systems show each check as a test: failed checks as failures, skipped ones as
 * skipped.
 */
import { escapeControl, visibleChar } from '../escape-control.ts';
import type { GateResult, Verdict } from './types.ts';
import { verdictCells } from './verdict-cells.ts';

/**
 * Renders the gate result as a JUnit XML document (`testsuites` > `testsuite` > `testcase`).
 * Everything is XML-escaped; characters that XML 1.0 forbids (most control characters, lone
 * surrogates, U+FFFE/U+FFFF) are replaced by a visible escape such as `\x1b`.
 * @example writeFile(join(runDir, 'junit.xml'), renderJUnit(result))
 */
export function renderJUnit(result: GateResult): string {
  const { pass, fail, skip } = result.counts;
  const tests = pass + fail + skip;
  const counts = `tests="${tests}" failures="${fail}" errors="0" skipped="${skip}" time="0"`;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="tollgate gate" ${counts}>`);
  lines.push(`  <testsuite name="${attr(`tollgate gate: ${result.suite}`)}" ${counts}>`);
  lines.push('    <properties>');
  const props: [string, string][] = [
    ['suite', result.suite],
    ['runId', result.runId],
    ['baselineRunId', result.baseline?.runId ?? ''],
    ['qualityBar', result.spec.qualityBar === null ? '' : String(result.spec.qualityBar)],
    ['maxAccuracyDrop', String(result.spec.maxAccuracyDrop)],
    ['maxCostIncrease', String(result.spec.maxCostIncrease)],
    ['maxTokenIncrease', String(result.spec.maxTokenIncrease ?? '')],
  ];
  for (const [name, value] of props) lines.push(`      <property name="${name}" value="${attr(value)}"/>`);
  lines.push('    </properties>');
  for (const v of result.verdicts) lines.push(...testcase(v));
  if (result.notes.length > 0) lines.push(`    <system-out>${text(result.notes.join('\n'))}</system-out>`);
  lines.push('  </testsuite>');
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(v: Verdict): string[] {
  const open = `    <testcase classname="${attr(v.candidate)}" name="${attr(`${v.candidate} ${v.check}`)}" time="0"`;
  if (v.status === 'pass') return [`${open}/>`];
  if (v.status === 'skip') {
    return [`${open}>`, `      <skipped message="${attr(v.message)}"/>`, '    </testcase>'];
  }
  const c = verdictCells(v);
  const details = [
    `candidate: ${v.candidate}`,
    `check: ${v.check}`,
    `baseline: ${c.baseline}`,
    `current: ${c.current}`,
    `delta: ${c.delta}`,
    `p: ${c.p}`,
    `threshold: ${v.threshold ?? '-'}`,
    v.message,
  ].join('\n');
  return [
    `${open}>`,
    `      <failure message="${attr(`${v.candidate} ${v.check}: ${v.message}`)}" type="${v.check}">${text(details)}</failure>`,
    '    </testcase>',
  ];
}

/** Characters XML 1.0 does not allow at all, even as character references. */
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Element text: newlines kept, invalid characters made visible, markup escaped. */
export function text(s: string): string {
  return s
    .replace(INVALID_XML, visibleChar)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute value: one line (control characters shown as `\n`, `\x1b`), markup and quotes escaped. */
export function attr(s: string): string {
  return text(escapeControl(s)).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
