/**
 * The requests in flight at one provider endpoint: at most `size` (the run's concurrency). A
 * request built by an official SDK client takes a slot once it is built, just before it is sent,
 * and gives it back as soon as its response is read (src/providers/slotted-client.ts); any other
 * attempt takes one before it reserves its worst case, and gives it back when it ends. A retry's
 * back-off holds none. A few samples more than `size` are under way (`samplesUnderWay`), so a
 * freed slot is refilled at once: the endpoint sees `size` requests in flight, never more, and
 * rarely fewer.
 */
export interface RequestSlots {
  readonly size: number;
  /** Slots taken now. */
  readonly taken: number;
  /** Resolves once a slot is this caller's. @throws the signal's reason when it aborts first */
  acquire(signal: AbortSignal): Promise<void>;
  /** Gives a slot back: true when a waiting request took it over (it is being sent now). */
  release(): boolean;
}

interface Waiter {
  take(): void;
}

export function createRequestSlots(size: number): RequestSlots {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`request slots: expected a size of 1 or more, got ${size}`);
  let taken = 0;
  const waiters: Waiter[] = [];
  return {
    size,
    get taken() {
      return taken;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (taken < size && waiters.length === 0) {
        taken++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(signal.reason);
        };
        const w: Waiter = {
          take: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiters.push(w);
      });
    },
    release() {
      const next = waiters.shift();
      // the slot passes straight to the next in line: `taken` stays as it is
      if (next) {
        next.take();
        return true;
      }
      taken--;
      return false;
    },
  };
}

/**
 * How many samples an endpoint runs at once for `concurrency` requests in flight: a quarter more
 * (at least one), so a request is built and waiting whenever a slot frees.
 */
export function samplesUnderWay(concurrency: number): number {
  return concurrency + Math.max(1, Math.ceil(concurrency / 4));
}
