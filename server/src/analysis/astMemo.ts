// dockerfile-ast re-tokenises an instruction's text on every getArguments() call, and both our
// model and dockerfile-utils' validator ask many times per instruction (getFlags, getHeredocs,
// JSON checks…): about a third of analysis time. A parsed instruction never changes, so the first
// tokenisation is kept on the instance; callers get fresh arguments each time, as before.
import { Argument, Instruction } from 'dockerfile-ast';

type RawArgs = ReturnType<Instruction['getArguments']>;
type Memoised = { getRawArguments(): RawArgs; __layerwiseArgs?: RawArgs };
const proto = Instruction.prototype as unknown as Memoised & { __layerwiseMemo?: boolean };
if (!proto.__layerwiseMemo) {
  const tokenise = proto.getRawArguments;
  // A property on the instance rather than a WeakMap: no hash lookup, no ephemeron for the GC to
  // trace; the tokens die with their instruction either way.
  proto.getRawArguments = function (this: Memoised): RawArgs {
    const args = this.__layerwiseArgs ??= tokenise.call(this);
    // Fresh Argument objects with fresh ranges: dockerfile-ast's From.getImageNameRange() (and
    // getRegistryRange) narrow the range getImageRange() hands them in place, which is harmless on a
    // re-tokenised argument but would corrupt a shared one (dockerfile-language-service's go to
    // definition of an ARG in FROM failed after any call to getImageNameRange). The library's own
    // constructor keeps every Argument the same shape, unlike a prototype clone.
    const out = new Array<Argument>(args.length);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const { start, end } = a.getRange();
      out[i] = new Argument(a.getValue(), {
        start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character },
      });
    }
    return out;
  };
  proto.__layerwiseMemo = true;
}
