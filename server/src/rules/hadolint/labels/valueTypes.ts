// What hadolint's label-schema types accept (DL3052–DL3056, DL3058). Each check is a single
// linear pass or an anchored regex without nested repetition.
import spdxIds from 'spdx-license-ids/index.json';
import spdxDeprecated from 'spdx-license-ids/deprecated.json';
import { LabelType } from '../../../analysis/types';
import { listOf } from '../../../analysis/lists';

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/** An absolute URI (RFC 3986): a scheme, then only URI characters, every `%` starting an escape. */
export function isUrl(v: string): boolean {
  return URI.test(v) && !/%(?![0-9A-Fa-f]{2})/.test(v);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.5+02:00`: a real date and time. */
export function isRfc3339(v: string): boolean {
  const m = RFC3339.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = listOf(m.slice(1, 7), Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d
    && h < 24 && mi < 60 && s <= 60 && (m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60));
}

let spdx: Set<string> | undefined;
/** One SPDX license identifier (`MIT`, `Apache-2.0`; deprecated ones too), as hadolint: not an expression. */
export function isSpdx(v: string): boolean {
  spdx ??= new Set<string>([...spdxIds, ...spdxDeprecated]);
  return spdx.has(v);
}

/** A short (7) or full (40) lower-case git commit hash. */
export function isGitHash(v: string): boolean {
  return /^[0-9a-f]{7}$/.test(v) || /^[0-9a-f]{40}$/.test(v);
}

const NUMBER = '(0|[1-9][0-9]*)';
const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);

/** Semantic Versioning 2.0.0: `1.2.3`, `1.0.0-rc.1+build.5`; no `v` prefix, no leading zeros. */
export function isSemver(v: string): boolean {
  const m = SEMVER.exec(v);
  if (!m) return false;
  return !(m[4] ?? '').split('.').some(id => /^0[0-9]+$/.test(id));
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${ATOM}(?:\\.${ATOM})*$|^${ATOM}(?:\\.${ATOM})*@\\[[^\\[\\]\\\\\\s]*\\]$`);

/** An RFC 5322 address (`local@domain`), without a display name or angle brackets. */
export function isEmail(v: string): boolean {
  return v.length <= 320 && EMAIL.test(v);
}

export const VALIDATORS: Record<Exclude<LabelType, 'text'>, (v: string) => boolean> = {
  url: isUrl, rfc3339: isRfc3339, spdx: isSpdx, hash: isGitHash, semver: isSemver, email: isEmail,
};
