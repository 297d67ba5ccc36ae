// Which /bin/sh a stage's base image has, as far as its name tells. It matters for shell-form
// CMDs: busybox ash and bash replace themselves with the last simple command of `sh -c`
// (that program becomes PID 1 and receives SIGTERM); dash forks it and stays PID 1.
// Measured here with busybox 1.35, bash 5.2 and dash 0.5.12 (`sh -c 'a && b'` → b's pid).
import { DockerfileModel, Instr, Stage } from '../../analysis/model';

export type BaseShell = 'dash' | 'ash' | 'bash';

export const SHELL_NAMES: Record<BaseShell, string> = { dash: 'dash', ash: 'busybox ash', bash: 'bash' };

/** Debian/Ubuntu-based by default: official language and server images without an -alpine tag. */
const DEBIAN_FAMILY = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'node', 'python', 'golang', 'ruby', 'php', 'perl', 'rust', 'openjdk',
  'eclipse-temurin', 'maven', 'gradle', 'nginx', 'httpd', 'postgres', 'redis', 'mongo', 'elixir', 'erlang',
  'haskell', 'julia', 'swift', 'r-base', 'gcc', 'clojure', 'groovy', 'sapmachine', 'ibm-semeru-runtimes',
  'tomcat', 'jetty', 'wordpress', 'drupal', 'ghost', 'rabbitmq', 'memcached', 'traefik-debian', 'bitnami/minideb',
  'dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'dotnet/runtime-deps', 'rethinkdb', 'couchdb', 'cassandra', 'neo4j',
  'influxdb', 'telegraf', 'nextcloud', 'joomla', 'mediawiki', 'redmine', 'odoo', 'mariadb', 'adminer', 'haproxy',
]);
/** Red Hat, Amazon and Arch families: /bin/sh is bash. */
const BASH_FAMILY = new Set([
  'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'amazoncorretto', 'mysql',
  'ubi8', 'ubi9', 'ubi8/ubi', 'ubi9/ubi', 'ubi8/ubi-minimal', 'ubi9/ubi-minimal', 'ubi8/ubi-micro', 'ubi9/ubi-micro',
]);
const DEBIAN_TAG = /(^|[-_.])(bookworm|bullseye|buster|stretch|trixie|sid|slim|jammy|noble|focal|bionic|oracular|plucky)([-_.]|$)/;

/** The shell of the image at the root of the stage's `FROM <stage>` chain; undefined when unknown. */
export function baseShellOf(stage: Stage): BaseShell | undefined {
  return stage.rootComplete ? baseShellOfImage(stage.rootImage) : undefined;
}

/** The same for an image reference (expanded); undefined when the name does not tell. */
export function baseShellOfImage(image: string): BaseShell | undefined {
  const ref = image.toLowerCase().replace(/@.*$/, '');
  const colon = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  const name = colon > slash ? ref.slice(0, colon) : ref;
  const tag = colon > slash ? ref.slice(colon + 1) : '';
  // Windows images run shell form under cmd.exe; distroless and scratch have no shell at all.
  if (/windows|nanoserver|servercore|distroless/.test(ref) || name === 'scratch') return undefined;
  if (/alpine|busybox/.test(name) || /alpine|busybox|musl/.test(tag)) return 'ash';
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '').replace(/^(mcr\.microsoft\.com|registry\.access\.redhat\.com|public\.ecr\.aws\/[^/]+)\//, '');
  if (BASH_FAMILY.has(short)) return 'bash';
  if (DEBIAN_FAMILY.has(short) || DEBIAN_TAG.test(tag)) return 'dash';
  return undefined;
}

/**
 * True when a shell replaces itself with the command list's last command: it is a simple
 * command (not a compound `if … fi`, not after a pipe, not in the background).
 */
export function lastCommandIsExeced(instr: Instr): boolean {
  const cmds = instr.shell;
  const last = cmds[cmds.length - 1];
  if (!last || last.terminator !== '') return false;
  if (cmds.length > 1 && cmds[cmds.length - 2].terminator === '|') return false;
  return !/^(fi|done|esac|\}|\)|\(|\{|if|while|for|case|until)$/.test(last.words[0] ?? '') && !/[()]/.test(last.text);
}

/** The ENTRYPOINT in effect for the stage (its own, or one from a stage it builds on). */
export function entrypointOf(model: DockerfileModel, stage: Stage): Instr | undefined {
  for (let s: Stage | undefined = stage, n = 0; s && n <= model.stages.length; s = s.parent !== undefined ? model.stages[s.parent] : undefined, n++) {
    const own = s.instructions.filter(i => i.keyword === 'ENTRYPOINT');
    if (own.length) return own[own.length - 1];
  }
  return undefined;
}

/** An entrypoint that sets things up and then runs its arguments (`exec "$@"`). */
export function isEntrypointWrapper(words: string[]): boolean {
  const p = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  return /^(tini|tini-static|dumb-init|gosu|su-exec|s6-svscan|catatonit)$/.test(p) || /\.sh$|entrypoint|^(sh|bash|ash|dash)$/.test(p);
}

/** Exec form as written, also when the JSON spans backtick continuations (`# escape=\``), which the parser reads as shell form. */
export function writtenExecForm(instr: Instr): string[] | undefined {
  if (instr.execForm) return instr.execForm;
  const text = instr.command.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every(w => typeof w === 'string') ? parsed as string[] : undefined;
  } catch {
    return undefined;
  }
}
