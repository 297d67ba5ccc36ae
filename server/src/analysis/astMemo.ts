// dockerfile-ast re-tokenises an instruction's text on every getArguments() call, and both our
// model and dockerfile-utils' validator ask many times per instruction (getFlags, getHeredocs,
// JSON checks…): about a third of analysis time. A parsed instruction never changes, so the first
// tokenisation is kept per instance; callers get fresh arguments each time, as before.
import { Instruction } from 'dockerfile-ast';

type RawArgs = ReturnType<Instruction['getArguments']>;
const proto = Instruction.prototype as unknown as { getRawArguments(): RawArgs; __layerwiseMemo?: boolean };
if (!proto.__layerwiseMemo) {
  const tokenise = proto.getRawArguments;
  const memo = new WeakMap<object, RawArgs>();
  proto.getRawArguments = function (this: object): RawArgs {
    let args = memo.get(this);
    if (!args) { args = tokenise.call(this); memo.set(this, args); }
    // Fresh Argument objects with fresh ranges: dockerfile-ast's From.getImageNameRange() (and
    // getRegistryRange) narrow the range getImageRange() hands them in place, which is harmless on a
    // re-tokenised argument but would corrupt a shared one (dockerfile-language-service's go to
    // definition of an ARG in FROM failed after any call to getImageNameRange).
    return args.map(a => {
      const { start, end } = a.getRange();
      return Object.assign(Object.create(Object.getPrototypeOf(a)), a, {
        range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
      });
    });
  };
  proto.__layerwiseMemo = true;
}
