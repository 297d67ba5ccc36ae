// Reading image history entries: what instruction made a layer, and its text without builder noise.

/** `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`; `/bin/sh -c echo hi` → `RUN echo hi`; BuildKit's `RUN /bin/sh -c x # buildkit` → `RUN x`. */
export function cleanCreatedBy(createdBy: string): string {
  let s = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(s);
  if (nop) return nop[1].trim();
  // BuildKit: `RUN /bin/sh -c cmd # buildkit`, `RUN |2 A=1 B=2 /bin/sh -c cmd # buildkit`.
  s = s.replace(/\s*# buildkit$/, '');
  const bk = /^RUN (?:\|\d+ .*?)?\/bin\/sh -c (.*)$/s.exec(s);
  if (bk) return 'RUN ' + bk[1];
  // Classic shell-form RUN (optionally with `|N ARG=…` build-arg prefix).
  const classic = /^(?:\|\d+ .*?)?\/bin\/sh -c (.*)$/s.exec(s);
  if (classic) return 'RUN ' + classic[1];
  return s;
}

const KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'WORKDIR', 'VOLUME',
  'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'MAINTAINER']);

/** The Dockerfile keyword that produced a history entry, or undefined (imported/committed layers). */
export function keywordOfCreatedBy(createdBy: string, comment = ''): string | undefined {
  const raw = createdBy.trim();
  if (!raw) return undefined;
  const cleaned = cleanCreatedBy(raw);
  const first = cleaned.split(/\s/, 1)[0].toUpperCase();
  if (KEYWORDS.has(first)) return first;
  // Classic exec-form RUN records the bare command; only trust that for builder-made entries.
  if (comment === '' && !raw.startsWith('/bin/sh -c #(nop)')) return 'RUN';
  return undefined;
}

const FILESYSTEM_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Metadata-only step: no filesystem change (ENV, LABEL, CMD, … or an empty WORKDIR). */
export function isEmptyLayer(keyword: string | undefined, size: number): boolean {
  return size === 0 && (keyword === undefined || !FILESYSTEM_KEYWORDS.has(keyword));
}
