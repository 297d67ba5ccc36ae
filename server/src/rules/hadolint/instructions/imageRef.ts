// A FROM / --from reference as written, split the way hadolint reads it: [registry/]name[:tag][@digest].
// The text is not expanded: hadolint judges what the Dockerfile says, not what an ARG default makes of it.

export interface ImageRef {
  /** `ghcr.io`, `localhost:5000`; undefined for Docker Hub's short form (`node`, `library/node`). */
  registry?: string;
  /** The repository path without the registry (`library/node`, `node`). */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: the first component is a registry when it has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') { registry = first; rest = rest.slice(slash + 1); }
  }
  return { registry, name: rest, tag, digest };
}

/** hadolint's dropQuotes: quotes around a word are not part of it. */
export function dropQuotes(word: string): string {
  return word.replace(/^["']+|["']+$/g, '');
}

/** A Windows drive path (`C:\app`, `c:/app`), which hadolint also counts as absolute. */
export function isWindowsAbsolute(path: string): boolean {
  return /^[A-Za-z]:/.test(path);
}
