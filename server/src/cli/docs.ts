// Where the rule pages are on this machine: docs/rules/ beside the running CLI (dist/cli.js in the
// installed npm package, or the compiled sources in a checkout). Findings carry DOCS_BASE URIs; the
// CLI prints these paths instead, since no public URL exists.
import * as fs from 'fs';
import * as path from 'path';

let root: string | null | undefined;

/** The folder holding docs/rules/: the package root in a bundle (dist/..), the checkout in tests (out/server/src/cli/../../../..). */
function docsRoot(): string | null {
  if (root !== undefined) return root;
  root = null;
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'docs', 'rules')) && fs.existsSync(path.join(dir, 'package.json'))) { root = dir; break; }
  }
  return root;
}

/** The absolute path of a rule's page, or undefined when it has none. */
export function docPath(ruleId: string): string | undefined {
  const base = docsRoot();
  if (!base || !/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  const page = path.join(base, 'docs', 'rules', `${ruleId}.md`);
  return fs.existsSync(page) ? page : undefined;
}

/** A rule page's Markdown (for SARIF's help.markdown), or undefined. */
export function docMarkdown(ruleId: string): string | undefined {
  const page = docPath(ruleId);
  try {
    return page ? fs.readFileSync(page, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
