// scripts/rules-table.mjs: the README rule list comes from the rules' own metadata.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as fs from 'fs';
import { REPO_ROOT } from '../support/lspClient';
import { ALL_RULES } from '../../server/src/rules';

describe('scripts/rules-table.mjs', function () {
  this.timeout(60000);

  it('prints one markdown row per rule with category, default severity, title, equivalents and doc link', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'rules-table.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const rows = r.stdout.trim().split('\n');
    assert.strictEqual(rows[0], '| Rule | Category | Default | Profiles | What it catches | hadolint | BuildKit check | Docs |');
    assert.strictEqual(rows.length, 2 + ALL_RULES.length + 1, 'header, separator, every rule and syntax');
    for (const rule of ALL_RULES) {
      const row = rows.find(x => x.startsWith(`| \`${rule.id}\` |`));
      assert.ok(row, rule.id);
      const cells = row.split(' | ');
      assert.strictEqual(cells[1], rule.category);
      assert.strictEqual(cells[2], rule.severity);
      assert.match(cells[3], rule.recommended === false ? /^strict/ : /^recommended strict/);
      assert.strictEqual(cells[4], rule.title.replace(/\|/g, '\\|'));
      assert.strictEqual(cells[5], rule.equivalents?.hadolint?.join(', ') || '—');
      assert.ok(row.endsWith(`[${rule.id}.md](docs/rules/${rule.id}.md) |`), row);
    }
    assert.ok(rows.some(x => x.startsWith('| `syntax` | syntax | error |')));
  });

  it('README.md carries exactly the generated table, and every rule has its doc page', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'rules-table.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const m = /<!-- rules:start[^>]*-->\n([\s\S]*?)<!-- rules:end -->/.exec(readme);
    assert.ok(m, 'README has the rules markers');
    assert.strictEqual(m[1].trim(), r.stdout.trim(), 'README rule list is stale: paste `node scripts/rules-table.mjs` between the markers');
    for (const rule of ALL_RULES) assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md`);
  });
});
