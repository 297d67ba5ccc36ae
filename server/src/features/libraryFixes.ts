// The library's quick fixes for Docker syntax problems (lower-case keyword, `--form` → `--from`, …),
// turned into code actions with edits so they sit in the same list as our rules' fixes and need no
// server command. Our syntax diagnostics come from the same validator (dockerfile-utils); they are
// matched to the library's by range.
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type { CodeAction, Diagnostic, TextEdit } from './types';

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function libraryFixes(library: DockerfileLanguageService, uri: string, version: number, text: string, syntax: Diagnostic[]): CodeAction[] {
  if (syntax.length === 0) return [];
  let validated: Diagnostic[];
  try {
    validated = library.validate(text) as Diagnostic[];
  } catch {
    return []; // the validator fails on some half-typed text (see analysis/syntax.ts)
  }
  const actions: CodeAction[] = [];
  for (const ours of syntax) {
    const theirs = validated.filter(d => sameRange(d.range, ours.range));
    if (theirs.length === 0) continue;
    for (const command of library.computeCodeActions({ uri }, ours.range, { diagnostics: theirs as Parameters<DockerfileLanguageService['computeCodeActions']>[2]['diagnostics'] })) {
      const edits = library.computeCommandEdits(text, command.command, command.arguments ?? []) as TextEdit[];
      if (edits.length === 0) continue;
      actions.push({
        title: command.title, kind: 'quickfix', diagnostics: [ours],
        edit: { documentChanges: [{ textDocument: { uri, version }, edits }] },
      });
    }
  }
  return actions;
}
