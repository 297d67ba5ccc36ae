import { CommandPlace, pinRule } from './pinRule';
import { operands } from './commandArgs';
import { commandOf } from '../../cache/common';

// go build flags whose value may be the next word (`-tags netgo`, `-o /bin/x`).
const VALUE_FLAGS = ['tags', 'ldflags', 'gcflags', 'asmflags', 'o', 'mod', 'modfile', 'p', 'pkgdir', 'toolexec', 'overlay', 'pgo',
  'buildmode', 'compiler', 'gccgoflags', 'installsuffix', 'C', 'exec', 'covermode', 'coverpkg'];

export const goPinVersions = pinRule({
  id: 'go-pin-versions', code: 'DL3062', hadolintSeverity: 'warning',
  title: '`go install`/`go get` without a module version',
  explanation: 'Without `@version` (or with `@latest`) Go fetches the newest release of the module on the day of the build, so two builds of the same Dockerfile differ and a new major release can break the image. Inside a module, `go install pkg` without a version builds the version go.mod requires, which is pinned.',
  programs: ['go'],
  command: 'go install',
  label: (_prog, args) => 'go ' + (operands(args, VALUE_FLAGS)[0] ?? 'install'),
  packages: (prog, args, at) => {
    if (prog !== 'go') return undefined;
    const [sub, ...rest] = operands(args, VALUE_FLAGS);
    // `go get pkg` without a version means `@upgrade`: the newest release, in a module or not.
    if (sub === 'get') return rest;
    if (sub !== 'install' && sub !== 'run') return undefined;
    // `go run pkg args…`: only the package; the rest are the program's arguments.
    const pkgs = sub === 'run' ? rest.slice(0, 1) : rest;
    // `go install pkg` inside a module builds the version go.mod pins: only `@latest` and friends
    // are loose there, and outside one only GOPATH mode (old Go) fetches the newest.
    return mayBeInModule(at) || rest.includes('tool') ? pkgs.filter(p => p.includes('@')) : pkgs;
  },
  pinned: w => w.includes('@') && !/@(latest|upgrade|patch)$/.test(w),
  // Local packages and files are built from the context at the version it holds; module paths have a dot.
  unpinnable: w => w.startsWith('.') || w.startsWith('/') || w.endsWith('.go') || w.endsWith('@none') || !w.split('/')[0].includes('.'),
  example: p => `${p.replace(/@.*$/, '')}@<version>`,
});

/** A go.mod may be in the working directory: the stage copied or mounted files, builds on another stage, or the RUN moved or cloned. */
function mayBeInModule(at: CommandPlace): boolean {
  if (at.stage.parent !== undefined) return true;
  if (at.stage.instructions.some(i => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.index < at.instr.index)) return true;
  if (at.instr.flagList.some(f => f.name.toLowerCase() === 'mount' && !f.options.some(o => o.name === 'type' && o.value !== 'bind'))) return true;
  return at.shell.slice(0, at.position).some(c => ['cd', 'pushd', 'git'].includes(commandOf(c).prog));
}
