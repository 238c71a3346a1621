/**
 * The budget ledger. Before an attempt is sent it reserves its worst case; when the attempt ends the
 * actual cost replaces the reservation. spent + reserved never exceeds the cap, so spend never does,
 * at any concurrency. Candidate and judge spend are kept apart but share the cap.
 */
export interface Ledger {
  readonly capUsd: number | null;
  /** Reserves `usd`; returns a ticket, or null when it cannot be afforded. */
  reserve(usd: number): number | null;
  /** Replaces a reservation with what the attempt actually cost. */
  settle(ticket: number, actualUsd: number, ledger: 'candidate' | 'judge'): void;
  /** Records spend made outside a reservation (a resumed run's earlier spend). */
  addSpent(usd: number, ledger: 'candidate' | 'judge'): void;
  spent(): { candidates: number; judge: number; total: number };
  reserved(): number;
}

export function createLedger(capUsd: number | null): Ledger {
  const open = new Map<number, number>();
  let next = 1;
  let reserved = 0;
  const spent = { candidates: 0, judge: 0 };
  // floating-point sums drift; a nano-dollar of slack keeps an exact fit affordable
  const EPS = 1e-12;
  return {
    capUsd,
    reserve(usd) {
      const amount = Math.max(0, usd);
      if (capUsd !== null && spent.candidates + spent.judge + reserved + amount > capUsd + EPS) return null;
      const t = next++;
      open.set(t, amount);
      reserved += amount;
      return t;
    },
    settle(ticket, actualUsd, ledger) {
      const r = open.get(ticket);
      if (r === undefined) throw new Error(`ledger: unknown or settled ticket ${ticket}`);
      open.delete(ticket);
      reserved -= r;
      if (open.size === 0) reserved = 0;
      if (ledger === 'judge') spent.judge += actualUsd;
      else spent.candidates += actualUsd;
    },
    addSpent(usd, ledger) {
      if (ledger === 'judge') spent.judge += usd;
      else spent.candidates += usd;
    },
    spent: () => ({ candidates: spent.candidates, judge: spent.judge, total: spent.candidates + spent.judge }),
    reserved: () => reserved,
  };
}
