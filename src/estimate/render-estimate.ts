import { formatMs } from '../format/duration.ts';
import { formatUsd } from '../format/money.ts';
import { formatBar } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import { textTable } from '../format/text-table.ts';
import type { SuiteEstimate } from './estimate-suite.ts';

const n = (v: number) => v.toLocaleString('en-US');

/** The console view of an estimate: one row per candidate, the total, the budget, the time. */
export function renderEstimate(e: SuiteEstimate): string {
  const judged = e.judge !== null;
  const reasons = e.candidates.some((c) => c.reasoningTokens > 0);
  const rows = e.candidates.map((c) => [
    safeText(c.id, 40),
    n(c.samples),
    n(c.cachedSamples),
    n(c.promptTokens),
    n(c.outputTokens),
    ...(reasons
      ? [c.reasoningTokens === 0 ? '0' : `${c.reasoningEstimated ? '~' : ''}${n(c.reasoningTokens)}`]
      : []),
    formatUsd(c.expectedUsd),
    formatUsd(c.worstCaseUsd),
    ...(judged ? [formatUsd(c.judgeExpectedUsd), formatUsd(c.judgeWorstCaseUsd)] : []),
  ]);
  const sum = (k: 'promptTokens' | 'outputTokens' | 'reasoningTokens') =>
    n(e.candidates.reduce((s, c) => s + c[k], 0));
  rows.push([
    'total',
    n(e.samples),
    n(e.cachedSamples),
    sum('promptTokens'),
    sum('outputTokens'),
    ...(reasons
      ? [`${e.candidates.some((c) => c.reasoningEstimated) ? '~' : ''}${sum('reasoningTokens')}`]
      : []),
    formatUsd(e.expectedUsd),
    formatUsd(e.worstCaseUsd),
    ...(judged ? [formatUsd(e.judge?.expectedUsd), formatUsd(e.judge?.worstCaseUsd)] : []),
  ]);
  const headers = ['candidate', 'samples', 'cached', 'prompt tok', 'output tok'];
  if (reasons) headers.push('of which reasoning');
  headers.push('expected', 'worst case');
  if (judged) headers.push('judge exp.', 'judge worst');
  const out = [
    `Estimate for ${e.suite}: ${n(e.samples)} samples, no request sent.`,
    ...e.planner.warnings.map((w) => `Warning: ${w}`),
    '',
    textTable(
      headers,
      rows,
      headers.map((_, i) => i > 0),
    ),
    '',
    `${judged ? 'Totals include the judge calls. ' : ''}Spend (cache hits are free): expected ${formatUsd(e.expectedSpendUsd)}, worst case ${formatUsd(e.worstCaseSpendUsd)}.`,
    budgetLine(e),
    timeLine(e),
    sourcesLine(e),
    ...reasoningLines(e),
    plannerLine(e),
    ...e.notes,
  ];
  return `${out.join('\n')}\n`;
}

function budgetLine(e: SuiteEstimate): string {
  const b = e.budget;
  switch (b.verdict) {
    case 'none':
      return 'Budget: none set (add budgetUsd to the suite, or pass --budget USD).';
    case 'unknown':
      return `Budget ${formatUsd(e.budgetUsd)}: cannot compare, ${b.reason}.`;
    case 'fits':
      return `Budget ${formatUsd(e.budgetUsd)}: fits, even in the worst case (${formatUsd(e.worstCaseSpendUsd)}).`;
    case 'may-exceed':
      return `Budget ${formatUsd(e.budgetUsd)}: the expected spend (${formatUsd(e.expectedSpendUsd)}) fits, but the worst case (${formatUsd(e.worstCaseSpendUsd)}) does not; if outputs run long the run stops at the budget (exit 3).`;
    case 'exceeds':
      return `Budget ${formatUsd(e.budgetUsd)}: too small for the expected spend (${formatUsd(e.expectedSpendUsd)}); the run would stop at the budget after about ${n(b.samplesAffordable)} of ${n(e.samples)} samples (exit 3). Fix: raise --budget, or use --sample N or --models to run less.`;
  }
}

function timeLine(e: SuiteEstimate): string {
  const where = e.endpoints
    .map((g) => `${safeText(g.endpoint, 60)} at concurrency ${g.concurrency}: ${formatMs(g.durationMs)}`)
    .join('; ');
  return `Time: about ${formatMs(e.durationMs)}${where ? ` (${where})` : ''}, without retries or rate limits.`;
}

/** The planner's figures: the cases a pick and the gate need, against the cases planned. */
function plannerLine(e: SuiteEstimate): string {
  const p = e.planner;
  const cases = (v: number | null, key: SuiteEstimate['planner']['beyond'][number]) =>
    p.beyond.includes(key) ? `more than ${n(p.maxPlannedCases)}` : v === null ? null : n(v);
  const bar = cases(p.casesToClearBar, 'casesToClearBar');
  const gate = cases(p.casesForGatePower, 'casesForGatePower');
  const at = p.assumed ? 'at 100% accuracy, the best case' : `at the expected ${formatBar(p.accuracy)}`;
  const from = `from ${p.assumed ? 'an assumed ' : ''}${formatBar(p.baselineAccuracy)}`;
  const parts = [
    ...(bar !== null
      ? [`a pick against the ${formatBar(p.qualityBar)} bar needs at least ${bar} (${at})`]
      : []),
    ...(gate !== null
      ? [
          `the gate needs ${gate} to catch a drop of ${Number((p.maxAccuracyDrop * 100).toFixed(2))} points with 80% power (${from}, cases independent between runs)`,
        ]
      : []),
  ];
  return `Cases: ${n(p.cases)} planned${parts.length > 0 ? `; ${parts.join('; ')}` : ''}.`;
}

function sourcesLine(e: SuiteEstimate): string {
  const t = { cache: 0, history: 0, reference: 0, maxTokens: 0 };
  for (const c of e.candidates)
    for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += c.outputFrom[k];
  return `Output tokens: ${n(t.cache)} samples from the cache, ${n(t.history)} from cached history, ${n(t.reference)} from the reference answer, ${n(t.maxTokens)} at maxTokens.`;
}

/** Which reasoning figures are estimated, and from what: the cached history or the model's default. */
function reasoningLines(e: SuiteEstimate): string[] {
  const out: string[] = [];
  for (const c of e.candidates) {
    if (!c.reasoningEstimated) continue;
    const d = c.reasoningDefault;
    const parts = [
      ...(c.reasoningFrom.history > 0 ? [`${n(c.reasoningFrom.history)} samples from cached history`] : []),
      ...(c.reasoningFrom.default > 0 && d
        ? [
            `${n(c.reasoningFrom.default)} samples at the ${safeText(d.family, 60)} default of ${n(d.tokens)} per call (${safeText(d.source, 200)})`,
          ]
        : []),
    ];
    out.push(
      `Reasoning tokens for ${safeText(c.id, 40)} are estimated (hidden, billed as output, capped at maxTokens): ${parts.join('; ')}.` +
        (c.reasoningFrom.default > 0 ? ' Fix: run `--sample 10` once; its cached usage then sets them.' : ''),
    );
  }
  return out;
}
