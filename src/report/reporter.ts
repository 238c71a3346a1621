/**
 * A reporter, in the way vitest keeps its reporters: a small set of optional hooks, chosen by name
 * from one typed map (`REPORTERS` in src/report/reporters.ts).
 */
import type { GateResult } from '../gate/types.ts';
import type { Summary } from '../log/summary-file.ts';
import type { ExplorerData } from './explorer-data.ts';

/** Everything a finished run offers its reporters. */
export interface ReportContext {
  runDir: string;
  summary: Summary;
  /** The gate's result (gate.json), or null when the run was not gated. */
  gate: GateResult | null;
  /** The explorer's cases, gathered from records.jsonl in one pass. */
  explorer: ExplorerData;
  /** Where a console reporter prints; nothing is printed without it. */
  print?: (text: string) => void;
  /** Colour console output. @default false */
  color?: boolean;
}

export interface Reporter {
  /** Called once every record is in; writes the reporter's files (each atomically) or prints. */
  onFinished?(ctx: ReportContext): Promise<void>;
}

/** The reporters, by name. */
export type ReporterName = 'html' | 'csv' | 'markdown' | 'junit' | 'console';
