import { GATE_SECTION_END, GATE_SECTION_START } from '../gate/markdown.ts';

/**
 * Carries the gate's section of an earlier summary.md over to a re-rendered one, so that
 * `tollgate report` after `tollgate gate` keeps the verdicts.
 * @param previous the summary.md on disk, or null when there is none
 * @param next the freshly rendered summary.md
 */
export function keepGateSection(previous: string | null, next: string): string {
  if (previous === null) return next;
  const start = previous.indexOf(GATE_SECTION_START);
  const end = previous.indexOf(GATE_SECTION_END, start);
  if (start < 0 || end < 0) return next;
  const section = previous.slice(start, end + GATE_SECTION_END.length);
  return `${next.replace(/\n*$/, '\n')}\n${section}\n`;
}
