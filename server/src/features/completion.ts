// Completion: the library's (instructions, flags, directives, variables) merged with ours, which know
// the project and the engine. Ours win on equal labels. The library's FROM tag completion asks Docker
// Hub over the network; we answer that position from the engine's local tags instead and never call it.
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import { instructionAt } from '../analysis/suppressions';
import { cacheTargetsFor, managersIn } from './cacheMounts';
import { listContext } from './contextPaths';
import { cursorWord, CursorWord, escapeCharOf } from './cursor';
import type { AuthoringDocument } from './document';
import { EngineImages } from './engineImages';
import { fromFlagItems, fromImageItems, fromTagItems, ImageCompletionInput } from './imageCompletion';
import { CompletionItem, CompletionItemKind, Position } from './types';
import { accountsBefore } from './users';
import { linesForCompletion } from './libraryText';

export async function completionItems(
  library: DockerfileLanguageService, doc: AuthoringDocument, position: Position, images: EngineImages, now: number,
): Promise<CompletionItem[]> {
  const lines = doc.text.split(/\r?\n/);
  const word = cursorWord(lines, position);
  const ours = word ? await projectItems(doc, word, position, images, now) : undefined;
  if (ours?.exclusive) return ours.items;
  const fromLibrary = await library.computeCompletionItems(libraryText(lines, doc, position.line), position);
  if (!ours || ours.items.length === 0) return fromLibrary;
  const taken = new Set(ours.items.map(i => i.label));
  return [...ours.items, ...fromLibrary.filter(i => !taken.has(i.label))];
}

interface Ours { items: CompletionItem[]; exclusive?: boolean }

/**
 * The text up to the end of the instruction the cursor is in. The library parses all it is given on
 * every keystroke; nothing after the cursor's instruction changes what it offers there (a stage or a
 * variable must be declared above to be usable), so on a long file this halves its work on average.
 */
export function textThroughInstruction(lines: string[], line: number, escapeChar = escapeCharOf(lines)): string {
  return lines.slice(0, instructionEnd(lines, line, escapeChar) + 1).join('\n');
}

/** The last line of the instruction on `line` (its continuation lines followed). */
function instructionEnd(lines: string[], line: number, escapeChar: string): number {
  let end = Math.min(line, lines.length - 1);
  while (end + 1 < lines.length && lines[end].trimEnd().endsWith(escapeChar)) end++;
  return end;
}

/**
 * The text the library completes in: through the cursor's instruction, and when the server's model
 * of this text is at hand, without the lines of earlier stages it does not read (libraryText.ts;
 * on a 1,000-line file the cursor's stage and the earlier FROM, WORKDIR, ARG and ENV lines).
 */
function libraryText(lines: string[], doc: AuthoringDocument, line: number): string {
  const escapeChar = escapeCharOf(lines);
  const end = instructionEnd(lines, line, escapeChar);
  const model = doc.currentModel?.();
  const slim = model ? linesForCompletion(lines, model, line, end) : undefined;
  return (slim ?? lines.slice(0, end + 1)).join('\n');
}

async function projectItems(doc: AuthoringDocument, word: CursorWord, position: Position, images: EngineImages, now: number): Promise<Ours | undefined> {
  const input = (prefix: string, start: Position): ImageCompletionInput => ({ model: doc.model(), position, prefix, start, images, now });
  const { keyword, flag } = word;
  if (keyword === 'FROM' && !flag && word.argIndex === 0 && !word.prefix.startsWith('-')) {
    const slash = word.prefix.lastIndexOf('/');
    const colon = word.prefix.indexOf(':', slash + 1);
    if (colon >= 0 && !word.prefix.includes('$') && !word.prefix.includes('@')) {
      const start = { line: word.start.line, character: word.start.character + colon + 1 };
      return { items: await fromTagItems(input(word.prefix.slice(colon + 1), start), word.prefix.slice(0, colon)), exclusive: true };
    }
    return { items: await fromImageItems(input(word.prefix, word.start)) };
  }
  if ((keyword === 'COPY' || keyword === 'ADD') && flag?.name === 'from') {
    return { items: await fromFlagItems(input(flag.value, flag.valueStart)) };
  }
  if ((keyword === 'COPY' || keyword === 'ADD') && flag?.name === 'chown') {
    return { items: chownItems(doc, flag.value, flag.valueStart, position), exclusive: true };
  }
  if (keyword === 'RUN' && flag?.name === 'mount') return mountItems(doc, flag.value, flag.valueStart, position, input);
  if ((keyword === 'COPY' || keyword === 'ADD') && !flag && !word.flags.has('from') && word.argIndex >= 0
    && (word.argIndex === 0 || word.argsAfter > 0) && !word.prefix.startsWith('-') && !word.prefix.startsWith('<')) {
    return { items: await sourceItems(doc, word, position) };
  }
  return undefined;
}

function chownItems(doc: AuthoringDocument, value: string, valueStart: Position, position: Position): CompletionItem[] {
  const { users, groups } = accountsBefore(doc.model(), position.line);
  const colon = value.indexOf(':');
  const range = { start: valueStart, end: position };
  if (colon >= 0) {
    const user = value.slice(0, colon);
    return groups.map(g => ({ label: `${user}:${g}`, kind: CompletionItemKind.Value, detail: 'group created in this Dockerfile', textEdit: { range, newText: `${user}:${g}` } }));
  }
  return users.flatMap(u => [
    { label: u, kind: CompletionItemKind.Value, detail: u === 'root' ? 'the default owner' : 'user created in this Dockerfile', textEdit: { range, newText: u } },
    ...(groups.includes(u) ? [{ label: `${u}:${u}`, kind: CompletionItemKind.Value, detail: 'user and its group', textEdit: { range, newText: `${u}:${u}` } }] : []),
  ]);
}

async function mountItems(
  doc: AuthoringDocument, value: string, valueStart: Position, position: Position,
  input: (prefix: string, start: Position) => ImageCompletionInput,
): Promise<Ours> {
  const comma = value.lastIndexOf(',');
  const segment = value.slice(comma + 1);
  const segmentStart = { line: valueStart.line, character: valueStart.character + comma + 1 };
  const options = new Map(value.split(',').map(o => [o.split('=')[0].toLowerCase(), o.slice(o.indexOf('=') + 1)] as const));
  const instr = instructionAt(doc.model(), position.line);
  const managers = managersIn(instr && instr.keyword === 'RUN' ? instr.shell : []);
  const eq = segment.indexOf('=');
  const key = eq >= 0 ? segment.slice(0, eq).toLowerCase() : '';
  if (key === 'from') {
    return { items: await fromFlagItems(input(segment.slice(eq + 1), { line: segmentStart.line, character: segmentStart.character + eq + 1 })), exclusive: true };
  }
  const isCache = options.get('type') === 'cache';
  if (isCache && (key === 'target' || key === 'dst' || key === 'destination')) {
    const start = { line: segmentStart.line, character: segmentStart.character + eq + 1 };
    const items = cacheTargetsFor(managers).map((t, i): CompletionItem => {
      const addSharing = t.sharing !== 'shared' && !options.has('sharing');
      return {
        label: t.target, kind: CompletionItemKind.Folder, detail: `${t.manager} cache · sharing=${t.sharing}`,
        documentation: t.why, sortText: String(i).padStart(3, '0'),
        textEdit: { range: { start, end: position }, newText: t.target + (addSharing ? `,sharing=${t.sharing}` : '') },
      };
    });
    return { items, exclusive: true };
  }
  if (comma < 0 && eq < 0) {
    // `--mount=`: whole cache mounts for the package managers this RUN uses.
    const items = cacheTargetsFor(managers).map((t, i): CompletionItem => {
      const spec = `type=cache,target=${t.target}${t.sharing !== 'shared' ? `,sharing=${t.sharing}` : ''}`;
      return {
        label: spec, kind: CompletionItemKind.Snippet, detail: `${t.manager} cache`, documentation: t.why,
        sortText: String(i).padStart(3, '0'), textEdit: { range: { start: segmentStart, end: position }, newText: spec },
      };
    });
    return { items };
  }
  return { items: [] };
}

async function sourceItems(doc: AuthoringDocument, word: CursorWord, position: Position): Promise<CompletionItem[]> {
  const dir = await doc.contextDir();
  if (!dir) return [];
  const listing = await listContext(dir, word.prefix);
  const slash = word.prefix.lastIndexOf('/');
  const start = { line: word.start.line, character: word.start.character + slash + 1 };
  const range = { start, end: position };
  const items: CompletionItem[] = listing.entries.map(e => ({
    label: e.directory ? e.name + '/' : e.name, kind: e.directory ? CompletionItemKind.Folder : CompletionItemKind.File,
    detail: 'build context', textEdit: { range, newText: e.directory ? e.name + '/' : e.name },
    // Re-open completion inside a folder.
    command: e.directory ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  }));
  if (listing.excludedBy !== undefined) {
    const typed = word.prefix;
    items.unshift({
      label: typed, kind: CompletionItemKind.Text, sortText: '0',
      detail: `excluded by .dockerignore (${listing.excludedBy}): the build does not see it`,
      textEdit: { range: { start: word.start, end: position }, newText: typed },
    });
  }
  return items;
}
