// Docker-style variable expansion for the parts of a Dockerfile the rules compare
// (FROM references, label values). Unknown variables are kept verbatim and reported,
// so rules can stay silent instead of guessing.

export interface Expansion { value: string; complete: boolean }

const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function expandVariables(text: string, vars: ReadonlyMap<string, string | undefined>): Expansion {
  let complete = true;
  const value = text.replace(VAR, (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const known = vars.has(name);
    const current = vars.get(name);
    const isSet = known && current !== undefined;
    if (op === ':-' || op === '-') {
      if (op === ':-' ? isSet && current !== '' : isSet) return current as string;
      return word ?? '';
    }
    if (op === ':+' || op === '+') {
      if (!known) { complete = false; return whole; }
      return (op === ':+' ? isSet && current !== '' : isSet) ? (word ?? '') : '';
    }
    if (!isSet) { complete = false; return whole; }
    return current as string;
  });
  return { value, complete };
}

/** Splits an image reference into name, tag and digest (`registry:5000/a/b:1.2@sha256:…`). */
export function parseImageReference(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  return { name: rest, tag, digest };
}

/** Canonical form for comparing references: `docker.io/library/nginx:1.23` equals `nginx:1.23`. */
export function normalizeImageReference(ref: string): string {
  const { name, tag, digest } = parseImageReference(ref.trim());
  let n = name.toLowerCase();
  n = n.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  n = n.replace(/^library\//, '');
  return n + (tag ? ':' + tag : digest ? '' : ':latest') + (digest ? '@' + digest : '');
}
