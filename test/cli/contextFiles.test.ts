// The CLI gives rules the Dockerfile's folder: its listing (dependency-prefetch's manifests) and small
// files in it (cmd-exits-immediately reads a copied nginx.conf), never anything outside it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cliRunner';
import { readInside } from '../../server/src/contextReader';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-ctx-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function ruleIds(dir: string): string[] {
  const r = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
  return JSON.parse(r.stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId);
}

describe('cli: build context files', () => {
  const dirs: string[] = [];
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
  const make = (files: Record<string, string>) => { const d = folder(files); dirs.push(d); return d; };

  it('reads the copied nginx.conf: fires without `daemon off;`, silent with it', () => {
    const dockerfile = 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\nCMD ["nginx"]\n';
    assert.ok(ruleIds(make({ Dockerfile: dockerfile, 'nginx.conf': 'events {}\nhttp {}\n' })).includes('cmd-exits-immediately'));
    assert.ok(!ruleIds(make({ Dockerfile: dockerfile, 'nginx.conf': 'daemon off;\nevents {}\nhttp {}\n' })).includes('cmd-exits-immediately'));
  });

  it('offers the prefetch fix only with the manifests that exist', () => {
    const dir = make({ Dockerfile: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', 'go.mod': 'module x\n', 'go.sum': '', 'main.go': '' });
    const r = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    const f = JSON.parse(r.stdout)[0].findings.find((x: { ruleId: string }) => x.ruleId === 'dependency-prefetch');
    assert.ok(f, r.stdout);
    assert.match(JSON.stringify(f.fixes), /Copy go\.mod, go\.sum and run `go mod download`/);
  });

  it('never reads outside the folder, folders, or large files', () => {
    const outside = make({ 'secret.conf': 'daemon off;\n' });
    const dir = make({ Dockerfile: '', 'big.conf': 'x'.repeat(300 * 1024), 'sub/a.conf': 'ok' });
    fs.symlinkSync(path.join(outside, 'secret.conf'), path.join(dir, 'link.conf'));
    assert.strictEqual(readInside(dir, 'sub/a.conf'), 'ok');
    assert.strictEqual(readInside(dir, '../' + path.basename(outside) + '/secret.conf'), undefined);
    assert.strictEqual(readInside(dir, path.join(outside, 'secret.conf')), undefined);
    assert.strictEqual(readInside(dir, 'link.conf'), undefined);
    assert.strictEqual(readInside(dir, 'sub'), undefined);
    assert.strictEqual(readInside(dir, 'big.conf'), undefined);
  });
});
