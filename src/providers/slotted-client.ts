import { nextTurn } from '../retry/next-turn.ts';
import type { CallOptions } from './provider.ts';
import type { RequestSlots } from './request-slots.ts';

/**
 * An official SDK client whose requests take one of the endpoint's request slots once they are
 * built, just before they are sent. Both SDKs build a request (URL, headers, body), call
 * `prepareRequest` (their hook for subclasses), then send it through `fetchWithTimeout`, whose
 * timer starts only then. So a request waits for a slot fully built, with no timer running, and
 * goes out the moment an answer frees one: the answer's slot passes to it before the SDK has even
 * parsed that answer, and the answer waits one turn of the event loop, so the request is written
 * first. A request that waits for a slot was never sent: when the call is aborted there, it
 * throws {@link RequestNotSent}, and nothing was spent.
 */
export function slottedClient<C extends abstract new (...args: never[]) => object>(Base: C): C {
  // the SDKs' classes, whatever their constructor's options: only the two hooks are overridden
  const Sdk = Base as unknown as new (...args: unknown[]) => StainlessClient;
  class Slotted extends Sdk {
    override async prepareRequest(req: RequestInit, ctx: unknown): Promise<void> {
      await super.prepareRequest(req, ctx);
      await ticketOf(req)?.take();
    }

    override async fetchWithTimeout(url: unknown, init: RequestInit | undefined, ...rest: unknown[]) {
      const ticket = init ? ticketOf(init) : undefined;
      try {
        return await super.fetchWithTimeout(url, init, ...rest);
      } finally {
        // the slot passed to a request waiting for it: let it be written before this answer goes on
        if (ticket?.giveBack()) await nextTurn();
      }
    }
  }
  return Slotted as unknown as C;
}

/** The two hooks of a Stainless-generated client (openai, @anthropic-ai/sdk) that slots use. */
interface StainlessClient {
  prepareRequest(req: RequestInit, ctx: unknown): Promise<void>;
  fetchWithTimeout(url: unknown, init: RequestInit | undefined, ...rest: unknown[]): Promise<Response>;
}

const TICKET = Symbol('tollgate.requestSlot');

/**
 * One request's claim on a slot. It rides in the request's `fetchOptions` under a symbol (the SDKs
 * copy those into the request they build), so the client finds it in both hooks.
 */
interface SlotTicket {
  /** Waits for a slot (once per request: a second call returns at once). */
  take(): Promise<void>;
  /** Gives the slot back if held: true when a waiting request took it over. */
  giveBack(): boolean;
  /** The call was aborted while it waited for a slot: the request was never sent. */
  readonly refused: boolean;
}

/**
 * Sends one request through a slotted client: `send` passes the options it is given on to the
 * SDK call. With `call.slots` (the runner passes them to a provider that `takesSlots`, which is
 * one whose client `slottedClient` made), the request takes a slot once built, `call.onSend` is
 * called when it has it, and the slot goes back however the call ends.
 * @throws RequestNotSent when the call was aborted while its request waited for a slot; else what `send` throws
 */
export async function sendInSlot<T>(
  call: CallOptions,
  send: (options: { fetchOptions?: Record<never, never> }) => PromiseLike<T>,
): Promise<T> {
  if (!call.slots) return send({});
  const ticket = slotTicket(call.slots, call.signal, call.onSend);
  try {
    return await send({ fetchOptions: { [TICKET]: ticket } });
  } catch (err) {
    if (ticket.refused) throw new RequestNotSent(call.signal.reason);
    throw err;
  } finally {
    // aborted between taking its slot and sending: the slot still goes back
    ticket.giveBack();
  }
}

/** A ticket for one request on `slots`; aborting `signal` while it waits refuses it. */
function slotTicket(slots: RequestSlots, signal: AbortSignal, onTaken?: () => void): SlotTicket {
  let state: 'new' | 'waiting' | 'held' | 'returned' | 'refused' = 'new';
  return {
    async take() {
      if (state !== 'new') return;
      state = 'waiting';
      try {
        await slots.acquire(signal);
      } catch (err) {
        state = 'refused';
        throw err;
      }
      state = 'held';
      onTaken?.();
    },
    giveBack() {
      if (state !== 'held') return false;
      state = 'returned';
      return slots.release();
    },
    get refused() {
      return state === 'refused';
    },
  };
}

function ticketOf(req: RequestInit): SlotTicket | undefined {
  return (req as { [TICKET]?: SlotTicket })[TICKET];
}

/**
 * Thrown by a provider whose request was never sent: the call was aborted while the request
 * waited for a slot. `reason` is the signal's. Nothing was sent, so nothing was spent.
 */
export class RequestNotSent extends Error {
  constructor(readonly reason: unknown) {
    super('the request was aborted before it was sent');
    this.name = 'RequestNotSent';
  }
}
