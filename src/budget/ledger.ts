/**
 * The budget ledger. Before an attempt is sent it reserves its worst case; when the attempt ends the
 * actual cost replaces the reservation. `spent + held + reserved` never exceeds the cap, so spend
 * never does, at any concurrency. Candidate and judge spend are kept apart but share the cap.
 *
 * An attempt whose outcome is unknown (a timeout, a dropped connection, a body that could not be
 * read) may still have been billed by the provider, so its reservation is not given back: it stays
 * charged against the cap as `held`, and is not reported as spend.
 */
export interface Ledger {
  readonly capUsd: number | null;
  /** Reserves `usd` now; returns a ticket, or null when it does not fit now (or acquire() calls wait ahead). */
  reserve(usd: number): number | null;
  /**
   * Reserves `usd`, waiting for attempts in flight to settle when that could make room. Resolves
   * null (and marks the ledger exhausted) when the amount can never be afforded: the spend and
   * holds so far plus `usd` exceed the cap. Rejects with the signal's reason on abort.
   */
  acquire(usd: number, signal?: AbortSignal): Promise<number | null>;
  /** Replaces a reservation with what the attempt actually cost. */
  settle(ticket: number, actualUsd: number, ledger: 'candidate' | 'judge'): void;
  /** The attempt ended with an unknown outcome: its reservation stays charged against the cap. */
  hold(ticket: number): void;
  /** Records spend made outside a reservation (a resumed run's earlier spend). */
  addSpent(usd: number, ledger: 'candidate' | 'judge'): void;
  spent(): { candidates: number; judge: number; total: number };
  /** Open reservations. */
  reserved(): number;
  /** Reservations kept for attempts whose outcome is unknown. */
  held(): number;
  /** True once some attempt could not be afforded at all: dispatching should stop. */
  exhausted(): boolean;
}

interface Waiter {
  amount: number;
  resolve(ticket: number | null): void;
}

export function createLedger(capUsd: number | null): Ledger {
  const open = new Map<number, number>();
  const waiters: Waiter[] = [];
  let next = 1;
  let reserved = 0;
  let held = 0;
  let exhausted = false;
  const spent = { candidates: 0, judge: 0 };
  // floating-point sums drift; a pico-dollar of slack keeps an exact fit affordable
  const EPS = 1e-12;
  const committed = () => spent.candidates + spent.judge + held;
  const fitsNow = (amount: number) => capUsd === null || committed() + reserved + amount <= capUsd + EPS;
  const fitsEver = (amount: number) => capUsd === null || committed() + amount <= capUsd + EPS;

  const take = (amount: number): number => {
    const t = next++;
    open.set(t, amount);
    reserved += amount;
    return t;
  };
  const close = (ticket: number): number => {
    const r = open.get(ticket);
    if (r === undefined) throw new Error(`ledger: unknown or settled ticket ${ticket}`);
    open.delete(ticket);
    reserved -= r;
    if (open.size === 0) reserved = 0;
    return r;
  };
  // first come, first served: a large waiting reservation is not starved by smaller ones
  const wake = () => {
    while (waiters.length > 0) {
      const w = waiters[0]!;
      if (fitsNow(w.amount)) {
        waiters.shift();
        w.resolve(take(w.amount));
      } else if (!fitsEver(w.amount) || open.size === 0) {
        waiters.shift();
        exhausted = true;
        w.resolve(null);
      } else return;
    }
  };

  return {
    capUsd,
    reserve(usd) {
      const amount = Math.max(0, usd);
      if (waiters.length > 0 || !fitsNow(amount)) return null;
      return take(amount);
    },
    acquire(usd, signal) {
      const amount = Math.max(0, usd);
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      if (waiters.length === 0 && fitsNow(amount)) return Promise.resolve(take(amount));
      if (!fitsEver(amount) || open.size === 0) {
        exhausted = true;
        return Promise.resolve(null);
      }
      return new Promise<number | null>((resolve, reject) => {
        const onAbort = () => {
          const i = waiters.indexOf(w);
          if (i !== -1) waiters.splice(i, 1);
          reject(signal?.reason ?? new Error('aborted'));
          wake();
        };
        const w: Waiter = {
          amount,
          resolve: (t) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(t);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(w);
      });
    },
    settle(ticket, actualUsd, ledger) {
      close(ticket);
      if (ledger === 'judge') spent.judge += actualUsd;
      else spent.candidates += actualUsd;
      wake();
    },
    hold(ticket) {
      held += close(ticket);
      wake();
    },
    addSpent(usd, ledger) {
      if (ledger === 'judge') spent.judge += usd;
      else spent.candidates += usd;
    },
    spent: () => ({
      candidates: spent.candidates,
      judge: spent.judge,
      total: spent.candidates + spent.judge,
    }),
    reserved: () => reserved,
    held: () => held,
    exhausted: () => exhausted,
  };
}
