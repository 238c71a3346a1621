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

/** The ledger's books: open reservations, waiters, spend and holds. */
interface Books {
  capUsd: number | null;
  open: Map<number, number>;
  waiters: Waiter[];
  next: number;
  reserved: number;
  held: number;
  exhausted: boolean;
  spent: { candidates: number; judge: number };
}

// floating-point sums drift; a pico-dollar of slack keeps an exact fit affordable
const EPS = 1e-12;

const committed = (b: Books) => b.spent.candidates + b.spent.judge + b.held;
const fitsNow = (b: Books, amount: number) =>
  b.capUsd === null || committed(b) + b.reserved + amount <= b.capUsd + EPS;
const fitsEver = (b: Books, amount: number) => b.capUsd === null || committed(b) + amount <= b.capUsd + EPS;

function take(b: Books, amount: number): number {
  const t = b.next++;
  b.open.set(t, amount);
  b.reserved += amount;
  return t;
}

function close(b: Books, ticket: number): number {
  const r = b.open.get(ticket);
  if (r === undefined) throw new Error(`ledger: unknown or settled ticket ${ticket}`);
  b.open.delete(ticket);
  b.reserved -= r;
  if (b.open.size === 0) b.reserved = 0;
  return r;
}

/** Serves waiters first come, first served: a large waiting reservation is not starved by smaller ones. */
function wake(b: Books): void {
  while (b.waiters.length > 0) {
    const w = b.waiters[0]!;
    if (fitsNow(b, w.amount)) {
      b.waiters.shift();
      w.resolve(take(b, w.amount));
    } else if (!fitsEver(b, w.amount) || b.open.size === 0) {
      b.waiters.shift();
      b.exhausted = true;
      w.resolve(null);
    } else return;
  }
}

function acquire(b: Books, usd: number, signal?: AbortSignal): Promise<number | null> {
  const amount = Math.max(0, usd);
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  if (b.waiters.length === 0 && fitsNow(b, amount)) return Promise.resolve(take(b, amount));
  if (!fitsEver(b, amount) || b.open.size === 0) {
    b.exhausted = true;
    return Promise.resolve(null);
  }
  return new Promise<number | null>((resolve, reject) => {
    const onAbort = () => {
      const i = b.waiters.indexOf(w);
      if (i !== -1) b.waiters.splice(i, 1);
      reject(signal?.reason ?? new Error('aborted'));
      wake(b);
    };
    const w: Waiter = {
      amount,
      resolve: (t) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(t);
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    b.waiters.push(w);
  });
}

function addSpent(b: Books, usd: number, ledger: 'candidate' | 'judge'): void {
  if (ledger === 'judge') b.spent.judge += usd;
  else b.spent.candidates += usd;
}

export function createLedger(capUsd: number | null): Ledger {
  const b: Books = {
    capUsd,
    open: new Map(),
    waiters: [],
    next: 1,
    reserved: 0,
    held: 0,
    exhausted: false,
    spent: { candidates: 0, judge: 0 },
  };
  return {
    capUsd,
    reserve(usd) {
      const amount = Math.max(0, usd);
      if (b.waiters.length > 0 || !fitsNow(b, amount)) return null;
      return take(b, amount);
    },
    acquire: (usd, signal) => acquire(b, usd, signal),
    settle(ticket, actualUsd, ledger) {
      close(b, ticket);
      addSpent(b, actualUsd, ledger);
      wake(b);
    },
    hold(ticket) {
      b.held += close(b, ticket);
      wake(b);
    },
    addSpent: (usd, ledger) => addSpent(b, usd, ledger),
    spent: () => ({
      candidates: b.spent.candidates,
      judge: b.spent.judge,
      total: b.spent.candidates + b.spent.judge,
    }),
    reserved: () => b.reserved,
    held: () => b.held,
    exhausted: () => b.exhausted,
  };
}
