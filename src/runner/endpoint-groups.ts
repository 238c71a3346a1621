import PQueue from 'p-queue';
import type { Candidate } from '../config/resolved.ts';
import type { Provider } from '../providers/provider.ts';
import { createRequestSlots, type RequestSlots, samplesUnderWay } from '../providers/request-slots.ts';

/**
 * A provider endpoint's slots (they bound the requests in flight there), the queue of its samples
 * (a few more under way than slots, so one is ready whenever a slot frees), and its candidates.
 */
export interface EndpointGroup {
  provider: Provider;
  slots: RequestSlots;
  queue: PQueue;
  candidates: Candidate[];
}

/**
 * One group per provider endpoint, in the candidates' order. Two keys on one endpoint share its
 * slots and queue; its concurrency is the first candidate's.
 */
export function groupByEndpoint(
  candidates: Candidate[],
  providerOf: (c: Candidate) => Provider,
  concurrencyOf: (c: Candidate) => number,
): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  for (const c of candidates) {
    const provider = providerOf(c);
    const key = `${provider.name}|${provider.endpoint}`;
    let g = groups.get(key);
    if (!g) {
      const concurrency = concurrencyOf(c);
      g = {
        provider,
        slots: createRequestSlots(concurrency),
        queue: new PQueue({ concurrency: samplesUnderWay(concurrency) }),
        candidates: [],
      };
      groups.set(key, g);
    }
    g.candidates.push(c);
  }
  return groups;
}

/**
 * Waits until a queue has room for more jobs. It is refilled in bursts: once 2 × concurrency jobs
 * wait, until fewer than `concurrency` do, so there is one wake-up per `concurrency` finished jobs
 * rather than one per job.
 */
export async function roomIn(queue: PQueue): Promise<void> {
  if (queue.size >= Math.max(2, queue.concurrency * 2)) await queue.onSizeLessThan(queue.concurrency);
}
