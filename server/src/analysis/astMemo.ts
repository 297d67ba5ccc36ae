// dockerfile-ast re-tokenises an instruction's text on every getArguments() call, and both our
// model and dockerfile-utils' validator ask many times per instruction (getFlags, getHeredocs,
// JSON checks…): about a third of analysis time. A parsed instruction never changes, so the first
// tokenisation is kept on the instance and every call shares its Argument objects.
import { From, Instruction } from 'dockerfile-ast';

type RawArgs = ReturnType<Instruction['getArguments']>;
type Memoised = { getRawArguments(): RawArgs; __layerwiseArgs?: RawArgs };
const proto = Instruction.prototype as unknown as Memoised & { __layerwiseMemo?: boolean };
if (!proto.__layerwiseMemo) {
  const tokenise = proto.getRawArguments;
  // A property on the instance rather than a WeakMap: no hash lookup, no ephemeron for the GC to
  // trace; the tokens die with their instruction either way. The array is a copy because
  // ModifiableInstruction.getArguments() shifts the flags off the one it gets.
  proto.getRawArguments = function (this: Memoised): RawArgs {
    return (this.__layerwiseArgs ??= tokenise.call(this)).slice();
  };
  // The one place the libraries write to an argument's range: From.getImageNameRange() and
  // getRegistryRange() narrow the range getImageRange() returns (its first argument's own) by
  // assigning its start/end. Shared arguments would keep the narrowed range (dockerfile-language-
  // service's go to definition of an ARG in FROM failed after any getImageNameRange call), so FROM
  // hands out a fresh range object instead; positions are never written to, only replaced.
  const fromProto = From.prototype as unknown as { getImageRange(): ReturnType<From['getImageRange']> };
  const imageRange = fromProto.getImageRange;
  fromProto.getImageRange = function (this: From) {
    const range = imageRange.call(this);
    return range ? { start: range.start, end: range.end } : range;
  };
  proto.__layerwiseMemo = true;
}
