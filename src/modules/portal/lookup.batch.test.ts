import { describe, expect, it } from 'vitest';
import { LookupBatcher } from './lookup.batch.js';

/** A read that answers `code → tenant:code` for codes not starting with "missing", when told. */
function gatedRead() {
  const calls: Array<{ tenantId: number; codes: string[]; release: (fail?: Error) => void }> = [];
  const read = (tenantId: number, codes: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      calls.push({
        tenantId,
        codes,
        release: (fail) =>
          fail
            ? reject(fail)
            : resolve(
                new Map(
                  codes.filter((c) => !c.startsWith('missing')).map((c) => [c, `${tenantId}:${c}`]),
                ),
              ),
      });
    });
  return { calls, read };
}

/** Lets the promise callbacks settle, then the batcher's next turn run. */
const tick = async () => {
  for (let k = 0; k < 3; k++) await new Promise((resolve) => setImmediate(resolve));
};

describe('LookupBatcher', () => {
  it('reads the codes asked for in one turn together, once per code, per tenant', async () => {
    const { calls, read } = gatedRead();
    const batcher = new LookupBatcher(read, { maxBatch: 10, maxRunning: 4 });
    const answers = Promise.all([
      batcher.lookup(1, 'A'),
      batcher.lookup(1, 'B'),
      batcher.lookup(2, 'A'),
      batcher.lookup(1, 'A'),
      batcher.lookup(1, 'missing'),
    ]);
    await tick();
    expect(calls.map((c) => [c.tenantId, c.codes])).toEqual([
      [1, ['A', 'B', 'missing']],
      [2, ['A']],
    ]);
    for (const call of calls) call.release();
    expect(await answers).toEqual(['1:A', '1:B', '2:A', '1:A', undefined]);
  });

  it('queues look-ups while maxRunning reads are out and sends them together after', async () => {
    const { calls, read } = gatedRead();
    const batcher = new LookupBatcher(read, { maxBatch: 10, maxRunning: 1 });
    const first = batcher.lookup(1, 'A');
    await tick();
    const later = [batcher.lookup(1, 'B'), batcher.lookup(1, 'C')];
    await tick();
    const more = batcher.lookup(1, 'D');
    await tick();
    expect(calls).toHaveLength(1); // the one connection is busy: B, C, D wait
    calls[0]!.release();
    expect(await first).toBe('1:A');
    await tick();
    expect(calls.map((c) => c.codes)).toEqual([['A'], ['B', 'C', 'D']]);
    calls[1]!.release();
    expect(await Promise.all([...later, more])).toEqual(['1:B', '1:C', '1:D']);
  });

  it('splits a burst into batches of maxBatch, the tenants taking turns', async () => {
    const { calls, read } = gatedRead();
    const batcher = new LookupBatcher(read, { maxBatch: 2, maxRunning: 8 });
    const asked = ['A', 'B', 'C', 'D', 'E'].map((c) => batcher.lookup(1, c));
    asked.push(batcher.lookup(2, 'Z'));
    await tick();
    expect(calls.map((c) => [c.tenantId, c.codes])).toEqual([
      [1, ['A', 'B']],
      [2, ['Z']],
      [1, ['C', 'D']],
      [1, ['E']],
    ]);
    for (const call of calls) call.release();
    expect(await Promise.all(asked)).toEqual(['1:A', '1:B', '1:C', '1:D', '1:E', '2:Z']);
  });

  it('fails exactly the look-ups of a failed read, and goes on with the next', async () => {
    const { calls, read } = gatedRead();
    const batcher = new LookupBatcher(read, { maxBatch: 10, maxRunning: 1 });
    const failed = [batcher.lookup(1, 'A'), batcher.lookup(1, 'B')];
    await tick();
    const next = batcher.lookup(1, 'C');
    calls[0]!.release(new Error('connection lost'));
    for (const f of failed) await expect(f).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.release();
    expect(await next).toBe('1:C');
  });

  it('refuses sizes that would stall it', () => {
    const { read } = gatedRead();
    expect(() => new LookupBatcher(read, { maxBatch: 0, maxRunning: 1 })).toThrow(/maxBatch/);
    expect(() => new LookupBatcher(read, { maxBatch: 1, maxRunning: 1.5 })).toThrow(/maxRunning/);
  });
});
