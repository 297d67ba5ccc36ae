// Which ARG/ENV names hold a secret. Names are split into words (`NPM_AUTH_TOKEN` → npm, auth,
// token; `apiKey` → api, key) and matched word by word, so `KEYBOARD` or `GOTOOLCHAIN` never match.

/** Words that name a secret wherever they appear in the name. */
const SECRET_WORDS = new Set(['token', 'password', 'passwd', 'secret', 'secrets', 'credential', 'credentials', 'creds', 'apikey', 'passphrase']);
/** Words that name a secret only as the last word, next to another word (`DB_PASS`, `SSH_KEY`, `NPM_AUTH`; not `KEY` or `PWD`, the shell's working directory). */
const SECRET_LAST_WORDS = new Set(['key', 'pass', 'pwd', 'auth', 'privatekey']);
/** Public material (`SSH_PUBLIC_KEY`, Stripe's publishable key). */
const PUBLIC_WORDS = new Set(['public', 'pub', 'publishable']);
/** A `…_KEY` next to these is a signing-key fingerprint (`GPG_KEY` in the official python image), not a secret. */
const SIGNING_WORDS = new Set(['gpg', 'pgp', 'fingerprint']);
/** A last word that makes the value something about the secret, not the secret itself (`POSTGRES_PASSWORD_FILE`, `AWS_ACCESS_KEY_ID`). */
const ABOUT_WORDS = new Set([
  'file', 'path', 'dir', 'location', 'id', 'name', 'url', 'uri', 'type', 'length', 'size', 'version',
  'header', 'server', 'host', 'port', 'endpoint', 'enabled', 'required', 'method', 'mode', 'format', 'algorithm',
]);

export function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Names seen recently and their answer: the same few names come back in every stage on every edit. */
const answers = new Map<string, string | undefined>();

/** The word that makes the name look secret, or undefined. */
export function secretWordIn(name: string): string | undefined {
  if (answers.has(name)) return answers.get(name);
  if (answers.size >= 4096) answers.clear();
  const word = findSecretWord(name);
  answers.set(name, word);
  return word;
}

function findSecretWord(name: string): string | undefined {
  const words = nameWords(name);
  if (words.length === 0 || words.some(w => PUBLIC_WORDS.has(w))) return undefined;
  const last = words[words.length - 1];
  if (ABOUT_WORDS.has(last)) return undefined;
  const anywhere = words.find(w => SECRET_WORDS.has(w));
  if (anywhere) return anywhere;
  if (words.length > 1 && SECRET_LAST_WORDS.has(last) && !words.some(w => SIGNING_WORDS.has(w))) return last;
  return undefined;
}
