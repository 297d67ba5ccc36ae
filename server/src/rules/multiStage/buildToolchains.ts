// What single-stage-build needs to know about toolchains: which base images and packages
// are build environments, which commands build an artifact, and what to run it on instead.
import * as path from 'path';
import { ShellCommand, programOf } from '../../analysis/shell';
import { Instr, Stage } from '../../analysis/model';
import { parseImageReference } from '../../analysis/expand';

export type Toolchain = 'java' | 'go' | 'rust' | 'dotnet' | 'node' | 'c';

export interface BuildStep {
  instr: Instr;
  toolchain: Toolchain;
  /** The build command's words, for messages. */
  command: string;
  /** Absolute path of the output when the command names it (`go build -o`, `dotnet publish -o`). */
  output?: string;
  /** Directory the command ran in. */
  cwd?: string;
}

/** The toolchain a base image ships, or undefined for runtime images. */
export function toolchainOfImage(ref: string): Toolchain | undefined {
  const { name, tag = '' } = parseImageReference(ref.toLowerCase());
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  const jre = /jre/.test(tag);
  if (short === 'maven' || short === 'gradle') return 'java';
  if (['openjdk', 'eclipse-temurin', 'amazoncorretto', 'ibm-semeru-runtimes', 'sapmachine'].includes(short)) return jre ? undefined : 'java';
  if (short === 'golang') return 'go';
  if (short === 'rust') return 'rust';
  if (short === 'gcc' || (short === 'buildpack-deps' && !/curl|scm/.test(tag))) return 'c';
  if (short === 'mcr.microsoft.com/dotnet/sdk' || short === 'mcr.microsoft.com/dotnet/core/sdk') return 'dotnet';
  if (short === 'node' && !/slim|alpine|distroless/.test(tag)) return 'node';
  return undefined;
}

const PACKAGE_TOOLCHAINS: Array<[RegExp, Toolchain]> = [
  [/^(build-essential|gcc|g\+\+|clang|make|cmake|autoconf|automake|libtool|musl-dev|build-base)$/, 'c'],
  [/-(dev|devel)$/, 'c'],
  [/^(maven|gradle|default-jdk|openjdk-?\d*-jdk(-headless)?|java-[\d.]+-openjdk-devel|openjdk\d+(-jdk)?)$/, 'java'],
  [/^(golang|golang-go|go)$/, 'go'],
  [/^(cargo|rustc|rust)$/, 'rust'],
  [/^dotnet-sdk-[\d.]+$/, 'dotnet'],
];

/** True when the RUN removes packages after `afterText` (the build command): `apt-get purge`, `apk del`, `dnf remove`. */
export function removesPackages(instr: Instr, afterText: string): boolean {
  const at = instr.shell.findIndex(c => c.text === afterText);
  return instr.shell.slice(at + 1).some(c => {
    const p = programOf(c), w = c.words;
    return ((p === 'apt-get' || p === 'apt') && /^(purge|remove|autoremove)$/.test(w[1] ?? '')) || w.includes('purge')
      || (p === 'apk' && w[1] === 'del') || (/^(yum|dnf|microdnf)$/.test(p) && /^(remove|erase|autoremove)$/.test(w[1] ?? ''));
  });
}

/** Toolchains a RUN installs and keeps (an install followed by a purge, as official images do, does not count). */
export function installedToolchains(instr: Instr): Toolchain[] {
  const found = new Set<Toolchain>();
  const removes = instr.shell.some(c => {
    const p = programOf(c), w = c.words;
    return ((p === 'apt-get' || p === 'apt') && /^(purge|remove|autoremove)$/.test(w[1] ?? ''))
      || (p === 'apk' && w[1] === 'del') || (/^(yum|dnf|microdnf)$/.test(p) && /^(remove|erase|autoremove)$/.test(w[1] ?? ''));
  });
  if (removes) return [];
  for (const c of instr.shell) {
    const p = programOf(c), w = c.words;
    const install = ((p === 'apt-get' || p === 'apt' || /^(yum|dnf|microdnf)$/.test(p)) && w.includes('install')) || (p === 'apk' && w[1] === 'add');
    if (!install) continue;
    for (const pkg of w.slice(2)) {
      if (pkg.startsWith('-')) continue;
      const name = pkg.replace(/[=<>].*$/, '');
      for (const [re, t] of PACKAGE_TOOLCHAINS) if (re.test(name)) found.add(t);
    }
  }
  return [...found];
}

function optionValue(words: string[], names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const n of names) {
      if (words[i] === n && i + 1 < words.length) return words[i + 1];
      if (words[i].startsWith(n + '=')) return words[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/** The build step a simple command performs, if any. */
export function buildStepOf(instr: Instr, cmd: ShellCommand, cwd: string | undefined): BuildStep | undefined {
  const p = programOf(cmd);
  const w = cmd.words;
  const args = w.slice(1);
  const step = (toolchain: Toolchain, output?: string): BuildStep => ({
    instr, toolchain, command: cmd.text, cwd,
    output: output && !output.includes('$') && (output.startsWith('/') || cwd !== undefined) ? path.posix.resolve(cwd ?? '/', output) : undefined,
  });
  if (p === 'mvn' || p === 'mvnw') return args.some(a => /^(package|install|verify)$/.test(a)) ? step('java') : undefined;
  if (p === 'gradle' || p === 'gradlew') return args.some(a => /^(build|bootJar|assemble|jar|shadowJar|installDist)$/.test(a)) ? step('java') : undefined;
  if (p === 'go' && (args[0] === 'build' || args[0] === 'install')) return step('go', args[0] === 'build' ? optionValue(args, ['-o']) : undefined);
  if (p === 'cargo' && args[0] === 'build') return step('rust');
  if (p === 'dotnet' && (args[0] === 'publish' || args[0] === 'build')) return step('dotnet', optionValue(args, ['-o', '--output']));
  if ((p === 'npm' || p === 'pnpm' || p === 'yarn') && ((args[0] === 'run' && args[1] === 'build') || (p !== 'npm' && args[0] === 'build'))) return step('node');
  if (p === 'make' && !args.some(a => /^(install|clean|test|check)$/.test(a))) return step('c');
  if (p === 'cmake' && args[0] === '--build') return step('c');
  return undefined;
}

/** A CMD/ENTRYPOINT that develops rather than runs a built result: ambiguous, so the rule stays silent. */
export function isDevCommand(words: string[]): boolean {
  const p = (words[0] ?? '').replace(/^.*\//, '');
  const a = words[1] ?? '';
  if (words.length <= 1 && /^(sh|bash|ash|zsh)$/.test(p)) return true;
  if (p === 'mvn' || p === 'mvnw' || p === 'gradle' || p === 'gradlew' || p === 'make') return true;
  if ((p === 'go' || p === 'cargo' || p === 'dotnet') && /^(run|test|watch)$/.test(a)) return true;
  if ((p === 'npm' || p === 'yarn' || p === 'pnpm') && (/^(dev|test)$/.test(a) || (a === 'run' && /^(dev|test|watch|serve)$/.test(words[2] ?? '')))) return true;
  return false;
}

/** The runtime base to suggest, with a note for the message; `exact` is false when the version is a guess. */
export function runtimeFor(toolchain: Toolchain, stage: Stage, stageText: string, cmdWords: string[]): { image: string; why: string; exact: boolean } {
  const { name, tag = '' } = parseImageReference(stage.rootImage.toLowerCase());
  switch (toolchain) {
    case 'java': {
      const m = /(?:temurin|jdk|openjdk|corretto)-?(\d{1,2})(?!\d)/.exec(tag) ?? (/maven|gradle/.test(name) ? null : /^(\d{1,2})(?!\d)/.exec(tag));
      return m ? { image: `eclipse-temurin:${m[1]}-jre`, why: 'a JRE runs the jar without Maven, Gradle or the JDK', exact: true }
        : { image: 'eclipse-temurin:<version>-jre', why: 'a JRE runs the jar without the build tools and the JDK', exact: false };
    }
    case 'go': {
      if (/CGO_ENABLED=0/.test(stageText)) return { image: 'gcr.io/distroless/static-debian12', why: 'a static Go binary needs no toolchain, not even a shell', exact: true };
      const same = sameReleaseBase(stage.rootImage);
      return { image: same.image, why: 'the binary only needs the C library it was linked against, from the same distribution release as the build image (with CGO_ENABLED=0, gcr.io/distroless/static or scratch)', exact: same.exact };
    }
    case 'dotnet': {
      const v = /^(\d+\.\d+)/.exec(tag);
      return v ? { image: `mcr.microsoft.com/dotnet/aspnet:${v[1]}`, why: 'the ASP.NET runtime (or dotnet/runtime for console apps) runs the published output without the SDK', exact: true }
        : { image: 'mcr.microsoft.com/dotnet/aspnet:<version>', why: 'the runtime image runs the published output without the SDK', exact: false };
    }
    case 'node': {
      const major = /^(\d+)/.exec(tag)?.[1] ?? '<version>';
      const servesStatic = /^(serve|http-server)$/.test((cmdWords[0] ?? '').replace(/^.*\//, '')) || (cmdWords[0] === 'npx' && /^(serve|http-server)$/.test(cmdWords[1] ?? ''));
      return servesStatic ? { image: 'nginx', why: 'the built front-end is static files that nginx serves without Node or node_modules', exact: false }
        : { image: `node:${major}-slim`, why: 'the server needs Node and production dependencies only, not the build toolchain', exact: false };
    }
    default:
      return { image: sameReleaseBase(stage.rootImage).image, why: 'the compiled program needs its shared libraries from the same distribution release, not the compiler and headers', exact: false };
  }
}

/**
 * A slim image of the same distribution *and release* as the build image: a binary linked
 * against trixie's glibc fails on bookworm. Exact only when the tag names the release;
 * `golang:1.23` follows whatever Debian release is current, so it is not a safe guess.
 */
export function sameReleaseBase(ref: string): { image: string; exact: boolean } {
  const { name, tag = '' } = parseImageReference(ref.toLowerCase());
  const debian = /(?:^|[-_.])(bookworm|bullseye|buster|trixie|forky|sid)(?:$|[-_.])/.exec(tag);
  if (debian) return { image: `debian:${debian[1]}-slim`, exact: true };
  const ubuntu = /(?:^|[-_.])(focal|jammy|noble|oracular|plucky)(?:$|[-_.])/.exec(tag);
  if (ubuntu) return { image: `ubuntu:${ubuntu[1]}`, exact: true };
  const alpine = /alpine(\d+\.\d+)/.exec(tag);
  if (alpine) return { image: `alpine:${alpine[1]}`, exact: true };
  if (/alpine/.test(tag) || name.endsWith('alpine')) return { image: `alpine:<the release of ${ref}>`, exact: false };
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  if ((short === 'debian' || short === 'ubuntu') && /^[a-z]+$/.test(tag)) return { image: `${short}:${tag}${short === 'debian' ? '-slim' : ''}`, exact: true };
  return { image: `debian:<the release of ${ref}>-slim`, exact: false };
}
