// Runs a bundle with a V8 code cache, so a language server started again does not compile its
// code again. Node 20 has no built-in compile cache (module.enableCompileCache came in 22), and a
// cache made when the script is compiled holds only its top-level code; this one is made after
// the first analysis (`createCachedData()`), so it holds the bytecode of every function that
// analysis ran: the rules, the scanner, the checks. A later start skips compiling them, which is
// most of what a fresh server spends on its first small file (issue #13: cold start, first open).
//
// The cache lives in a directory the caller owns (the extension's global storage): V8's cache data
// is trusted input, so it must not sit where another user could write it. The file name holds a
// hash of the bundle's text, the Node version and flags, so an upgrade or a different flag set
// gets its own file (V8 checks its own version and flags too, and only the length of the source).
// Anything going wrong here (no directory, a broken file, a full disk) only means no cache.
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { createHash } from 'crypto';
import Module = require('module');
import { WARM_EVENT } from './warmEvent';

/** After the warm event, the cache is written this much later (the first publish goes first), and at exit. */
const WRITE_DELAY_MS = 1000;
const PREFIX = 'server-';
/**
 * At exit the cache is rewritten when the session's compiled code is at least this much larger: a
 * file with other findings adds ~20 KB, while a session like the last one adds a function or two.
 */
const GROWTH_BYTES = 4096;
/** Another build's cache file not written for this long is removed. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/**
 * Loads `file` (a CommonJS bundle) as `require` would, with its code cache from `cacheDir` when
 * given. `sourceHash`: the bundle's hash, when the build wrote it into the caller (else hashed here).
 */
export function runWithCodeCache(file: string, cacheDir: string | undefined, sourceHash?: string): void {
  const compiled = cacheDir ? compile(file, cacheDir, sourceHash) : undefined;
  if (!compiled) {
    Module.createRequire(file)(file);
    return;
  }
  const { script, cachePath, accepted } = compiled;
  writeWhenWarm(script, cacheDir!, cachePath, accepted);
  const mod = new Module(file, module);
  mod.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}

function compile(file: string, cacheDir: string, sourceHash: string | undefined): { script: vm.Script; cachePath: string; accepted: number } | undefined {
  try {
    const source = fs.readFileSync(file, 'utf8');
    const key = createHash('sha256').update(sourceHash ?? source).update('\0' + process.version + '\0' + process.arch + '\0' + process.execArgv.join(' ')).digest('hex').slice(0, 20);
    const cachePath = path.join(cacheDir, PREFIX + key + '.bin');
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cachePath);
    } catch {
      // None yet: this start writes it.
    }
    // A dynamic import() in the bundle (none today) loads as it would under require, where Node has the constant.
    const importModuleDynamically = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, ...(importModuleDynamically ? { importModuleDynamically: importModuleDynamically as never } : {}) });
    return { script, cachePath, accepted: cachedData && !script.cachedDataRejected ? cachedData.length : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache once the bundle says it is warm, when the start found none it could use: a
 * little later (a server may be killed rather than exit). At exit it is written again if the
 * session compiled more than the cache holds (hover, code actions, rules the first files did not
 * reach), so it follows what the user's sessions run; not when it would hold less (V8 drops the
 * bytecode of functions unused for long, such as start-up code, in a long session).
 * `accepted`: the size of the cache this start used (0: none).
 */
function writeWhenWarm(script: vm.Script, cacheDir: string, cachePath: string, accepted: number): void {
  let size = accepted;
  const write = (data: Buffer) => {
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      // Another server may write the same file at the same time: each writes its own, then renames.
      const tmp = `${cachePath}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, cachePath);
      size = data.length;
      // Caches of other builds (an upgrade) go once unused for a while; not at once, as another
      // window may run another version or flags (the debug launch) and would write its own again.
      const old = Date.now() - STALE_MS;
      for (const name of fs.readdirSync(cacheDir)) {
        const other = path.join(cacheDir, name);
        if (name.startsWith(PREFIX) && other !== cachePath && fs.statSync(other).mtimeMs < old) fs.rmSync(other, { force: true });
      }
    } catch {
      // No cache this time; the next start tries again.
    }
  };
  const writeIfMore = () => {
    try {
      const data = script.createCachedData();
      if (data.length > size + GROWTH_BYTES) write(data);
    } catch {
      // As above.
    }
  };
  process.once(WARM_EVENT, () => {
    if (!accepted) setTimeout(writeIfMore, WRITE_DELAY_MS).unref();
    process.once('exit', writeIfMore);
  });
}
