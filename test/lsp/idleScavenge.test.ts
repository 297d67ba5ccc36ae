// The scavenge the server runs once it is idle after a publish (server/src/idleScavenge.ts): it
// empties V8's young generation when nothing waits, and leaves it alone while work is queued.
import * as assert from 'assert';
import * as v8 from 'v8';
import { scavengeWhenIdle } from '../../server/src/idleScavenge';

const youngBytes = () => v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space')!.space_used_size;
const turns = (n: number) => new Promise<void>(resolve => {
  const step = (k: number) => (k === 0 ? resolve() : setImmediate(() => step(k - 1)));
  step(n);
});

let keep: unknown;

/** Short-lived objects the young generation holds until the next scavenge (well below one semi-space). */
function litter(): void {
  const list: Array<{ n: number; s: string }> = [];
  for (let i = 0; i < 4000; i++) list.push({ n: i, s: `item ${i}` });
  keep = list;
  keep = undefined;
}

describe('idle scavenge', () => {
  it('empties the young generation when nothing is waiting', async () => {
    await turns(3);
    litter();
    const before = youngBytes();
    assert.ok(before > 100_000, `young generation holds ${before} bytes after littering`);
    scavengeWhenIdle(() => true);
    await turns(3);
    const after = youngBytes();
    assert.ok(after < before / 2, `young generation: ${before} bytes before, ${after} after`);
  });

  it('does nothing while an analysis is running or scheduled', async () => {
    await turns(3);
    litter();
    const before = youngBytes();
    scavengeWhenIdle(() => false);
    await turns(3);
    assert.ok(youngBytes() >= before, `young generation shrank from ${before} to ${youngBytes()} bytes`);
  });
});
