// dockerfile-ast re-tokenises an instruction's text on every getArguments() call, and both our
// model and dockerfile-utils' validator ask many times per instruction (getFlags, getHeredocs,
// JSON checks…): about a third of analysis time. A parsed instruction never changes, so the first
// tokenisation is kept per instance; callers get a fresh array each time, as before.
import { Instruction } from 'dockerfile-ast';

type RawArgs = ReturnType<Instruction['getArguments']>;
const proto = Instruction.prototype as unknown as { getRawArguments(): RawArgs; __layerwiseMemo?: boolean };
if (!proto.__layerwiseMemo) {
  const tokenise = proto.getRawArguments;
  const memo = new WeakMap<object, RawArgs>();
  proto.getRawArguments = function (this: object): RawArgs {
    let args = memo.get(this);
    if (!args) { args = tokenise.call(this); memo.set(this, args); }
    return args.slice();
  };
  proto.__layerwiseMemo = true;
}
