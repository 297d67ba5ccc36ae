// Text quoted from a Dockerfile (instructions, file names) can hold terminal escape sequences: shown
// raw, `\x1b]0;…\x07` retitles the window and `\x1b[2J` clears it. Every control character (C0 but
// tab, DEL, C1) and every bidirectional override (which reorders what is displayed) is shown escaped.
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(UNSAFE, c => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
