// `RUN --mount=type=cache,target=` suggestions: the cache directories of the package managers the
// RUN uses, with the sharing mode each needs. Paths are those of the official images running as
// root (node, python, golang, maven, gradle, rust) and Debian/Ubuntu for apt.
import { programOf, ShellCommand } from '../analysis/shell';

export interface CacheTarget {
  manager: string;
  target: string;
  /** `locked` where the tool cannot share its cache with a concurrent build; the builder's default is `shared`. */
  sharing: 'shared' | 'locked';
  why: string;
}

const APT_WHY = 'apt takes a lock on its cache and fails when another build holds it: one build at a time. Debian images delete downloaded packages after install (/etc/apt/apt.conf.d/docker-clean); remove that file in the same RUN to keep them.';

export const CACHE_TARGETS: Record<string, CacheTarget[]> = {
  npm: [{ manager: 'npm', target: '/root/.npm', sharing: 'shared', why: 'npm\'s cache is content-addressed and safe for concurrent builds.' }],
  yarn: [{ manager: 'yarn', target: '/usr/local/share/.cache/yarn', sharing: 'shared', why: 'yarn (v1) keeps its cache here when run as root in the node images.' }],
  pnpm: [{ manager: 'pnpm', target: '/root/.local/share/pnpm/store', sharing: 'shared', why: 'pnpm\'s content-addressable store is safe for concurrent builds.' }],
  pip: [{ manager: 'pip', target: '/root/.cache/pip', sharing: 'shared', why: 'pip\'s HTTP and wheel caches tolerate concurrent builds.' }],
  apt: [
    { manager: 'apt', target: '/var/cache/apt', sharing: 'locked', why: APT_WHY },
    { manager: 'apt', target: '/var/lib/apt', sharing: 'locked', why: APT_WHY },
  ],
  go: [
    { manager: 'go', target: '/root/.cache/go-build', sharing: 'shared', why: 'Go\'s build cache is safe for concurrent use.' },
    { manager: 'go', target: '/go/pkg/mod', sharing: 'shared', why: 'The module cache (GOPATH=/go in the golang images) is safe for concurrent use.' },
  ],
  maven: [{ manager: 'maven', target: '/root/.m2', sharing: 'locked', why: 'Maven\'s local repository is not safe for concurrent writers: one build at a time.' }],
  gradle: [{ manager: 'gradle', target: '/root/.gradle', sharing: 'shared', why: 'Gradle locks its user home cache itself, so concurrent builds can share it.' }],
  cargo: [
    { manager: 'cargo', target: '/usr/local/cargo/registry', sharing: 'shared', why: 'Cargo locks its package cache itself (CARGO_HOME=/usr/local/cargo in the rust images).' },
    { manager: 'cargo', target: '/usr/local/cargo/git', sharing: 'shared', why: 'Cargo locks its git checkouts itself.' },
  ],
};

const PROGRAMS: Record<string, string> = {
  npm: 'npm', npx: 'npm', yarn: 'yarn', pnpm: 'pnpm', pip: 'pip', pip3: 'pip', 'apt-get': 'apt', apt: 'apt',
  go: 'go', mvn: 'maven', mvnw: 'maven', gradle: 'gradle', gradlew: 'gradle', cargo: 'cargo',
};

/** Package managers a RUN's commands start, in the order they appear. */
export function managersIn(commands: ShellCommand[]): string[] {
  const found: string[] = [];
  for (const cmd of commands) {
    let program = programOf(cmd);
    if ((program === 'python' || program === 'python3') && cmd.words[1] === '-m') program = cmd.words[2] ?? '';
    const manager = PROGRAMS[program.replace(/^\.\//, '')];
    if (manager && !found.includes(manager)) found.push(manager);
  }
  return found;
}

/** Targets for the managers used, or every known target when the RUN does not name one yet. */
export function cacheTargetsFor(managers: string[]): CacheTarget[] {
  const names = managers.length ? managers : Object.keys(CACHE_TARGETS);
  return names.flatMap(m => CACHE_TARGETS[m] ?? []);
}
