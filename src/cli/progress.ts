import { formatMs } from '../format/duration.ts';
import { formatUsd } from '../format/money.ts';
import { formatPct } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import type { LiveRun } from '../runner/run-suite.ts';

export interface ProgressOptions {
  write(text: string): void;
  isTTY: boolean;
  quiet: boolean;
  now(): number;
  /** Plain-line interval off a TTY. @default 5000 */
  plainEveryMs?: number;
}

/**
 * Live progress. On a TTY: one line per candidate, redrawn in place. Off a TTY (CI): a plain
 * summary line every few seconds. `--quiet` prints neither.
 */
export function startProgress(live: LiveRun, o: ProgressOptions): { stop(): void } {
  if (o.quiet) return { stop() {} };
  const started = o.now();
  let drawn = 0;
  const lines = (): string[] => {
    const elapsed = o.now() - started;
    const out = live.candidates.map(({ id, planned }) => {
      const p = live.peek(id);
      const done = p?.samples ?? 0;
      const rate = done > 0 ? (p?.passed ?? 0) / done : null;
      const eta =
        done > 0 && done < planned
          ? formatMs((elapsed / done) * (planned - done))
          : done >= planned
            ? 'done'
            : '…';
      return `  ${safeText(id, 36).padEnd(36)} ${String(done).padStart(6)}/${planned}  pass ${formatPct(rate).padStart(6)}  ${p?.earlyStopped ? 'stopped early' : `ETA ${eta}`}`;
    });
    const budget = live.budgetUsd === null ? '' : ` of ${formatUsd(live.budgetUsd)}`;
    out.push(`  spent ${formatUsd(live.spent())}${budget}  elapsed ${formatMs(elapsed)}`);
    return out;
  };
  const draw = () => {
    const ls = lines();
    const up = drawn > 0 ? `\x1b[${drawn}A` : '';
    o.write(`${up}${ls.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    drawn = ls.length;
  };
  const plain = () => {
    const total = live.candidates.reduce((s, c) => s + c.planned, 0);
    const done = live.candidates.reduce((s, c) => s + (live.peek(c.id)?.samples ?? 0), 0);
    o.write(
      `progress: ${done}/${total} samples, spent ${formatUsd(live.spent())}${live.budgetUsd === null ? '' : ` of ${formatUsd(live.budgetUsd)}`}, elapsed ${formatMs(o.now() - started)}\n`,
    );
  };
  const timer = setInterval(o.isTTY ? draw : plain, o.isTTY ? 250 : (o.plainEveryMs ?? 5000));
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (o.isTTY) draw();
    },
  };
}
