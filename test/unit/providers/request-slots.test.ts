import { describe, expect, it } from 'vitest';
import { createRequestSlots, samplesUnderWay } from '../../../src/providers/request-slots.ts';
import { nextTurn } from '../../../src/retry/next-turn.ts';

const open = () => new AbortController().signal;

describe('request slots', () => {
  it('hands out `size` slots at once; the next caller waits for one to come back', async () => {
    const slots = createRequestSlots(2);
    await slots.acquire(open());
    await slots.acquire(open());
    expect(slots.taken).toBe(2);
    let third = false;
    const waiting = slots.acquire(open()).then(() => {
      third = true;
    });
    await nextTurn();
    expect(third).toBe(false);
    expect(slots.release()).toBe(true); // passed straight to the waiting caller
    await waiting;
    expect(third).toBe(true);
    expect(slots.taken).toBe(2);
    expect(slots.release()).toBe(false);
    expect(slots.release()).toBe(false);
    expect(slots.taken).toBe(0);
  });

  it('serves waiting callers first come, first served, and never lets a newcomer jump the line', async () => {
    const slots = createRequestSlots(1);
    await slots.acquire(open());
    const order: string[] = [];
    const a = slots.acquire(open()).then(() => order.push('a'));
    const b = slots.acquire(open()).then(() => order.push('b'));
    slots.release();
    await a;
    slots.release();
    await b;
    expect(order).toEqual(['a', 'b']);
    expect(slots.taken).toBe(1);
  });

  it('a caller whose signal aborts leaves the line with its reason, and the slot goes to the next', async () => {
    const slots = createRequestSlots(1);
    await slots.acquire(open());
    const stop = new AbortController();
    const gone = slots.acquire(stop.signal);
    const next = slots.acquire(open());
    stop.abort(new Error('interrupted'));
    await expect(gone).rejects.toThrow('interrupted');
    expect(slots.release()).toBe(true);
    await next;
    expect(slots.taken).toBe(1);
    const already = new AbortController();
    already.abort(new Error('before'));
    await expect(slots.acquire(already.signal)).rejects.toThrow('before');
  });

  it('refuses a size below 1', () => {
    expect(() => createRequestSlots(0)).toThrow(/expected a size of 1 or more, got 0/);
  });

  it('keeps a quarter more samples under way than requests in flight, at least one', () => {
    expect(samplesUnderWay(1)).toBe(2);
    expect(samplesUnderWay(4)).toBe(5);
    expect(samplesUnderWay(16)).toBe(20);
    expect(samplesUnderWay(17)).toBe(22);
  });
});
