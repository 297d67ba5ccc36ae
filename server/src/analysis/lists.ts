// Arrays of one elements kind. V8 gives an array a hidden class per elements kind: `[]` is a
// list of small integers, `.map()` in optimised code makes a holey list, a literal with objects a
// packed one. The model's lists are read by every rule, so lists of all three kinds made those
// reads polymorphic, and V8 dropped and re-compiled the rules' optimised code ("wrong map") as
// each new kind showed up. The model builds its lists here: always packed lists of objects.

const PACKED_OBJECTS: unknown[] = [null];
PACKED_OBJECTS.pop();

/** A new empty list that is already a packed list of objects (a `[]` literal is not). */
export function emptyList<T>(): T[] {
  return PACKED_OBJECTS.slice(0) as T[];
}

/** `items.map(f)` as a packed list of objects. */
export function listOf<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out = PACKED_OBJECTS.slice(0) as U[];
  for (let i = 0; i < items.length; i++) out.push(f(items[i], i));
  return out;
}

/** The same items in a packed list of objects: `items` itself when it is one already is not knowable, so a copy. */
export function packedCopy<T>(items: readonly T[]): T[] {
  const out = PACKED_OBJECTS.slice(0) as T[];
  for (let i = 0; i < items.length; i++) out.push(items[i]);
  return out;
}
