// Label keys from settings end up in text a quick fix inserts (`LABEL <key>="…"`), so a key is
// accepted only if it looks like a label key: letters, digits and `.`, `-`, `_`, `/`, starting
// with a letter or digit (reverse-DNS like `org.opencontainers.image.base.name`, or `base_image`).
// Anything else (spaces, quotes, `=`, line breaks) could turn a setting into an instruction.
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,127}$/;

export function isLabelKey(key: unknown): key is string {
  return typeof key === 'string' && LABEL_KEY.test(key);
}
