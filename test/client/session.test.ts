// BuildKit session pieces without an engine: secret mounts read from the model, --secret parsing, gRPC framing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDockerfile } from '../../server/src/analysis/model';
import { parseSecretFlag, resolveSecrets, secretMounts } from '../../client/src/engine/session';
import { frame, FrameReader } from '../../client/src/engine/session/grpc';

describe('session: secret mounts and sources', () => {
  it('finds secret mounts, the id defaulting to the target base name, required unless required=false', () => {
    const model = parseDockerfile('FROM a\nRUN --mount=type=secret,id=npmrc npm ci\nRUN --mount=type=secret,target=/run/secrets/tok,required=false true\nRUN --mount=type=cache,target=/c true\n');
    assert.deepStrictEqual(secretMounts(model), [{ id: 'npmrc', required: true, line: 1 }, { id: 'tok', required: false, line: 2 }]);
  });

  it('parses --secret like docker build', () => {
    assert.deepStrictEqual(parseSecretFlag('id=a,src=./x'), ['a', { file: './x' }]);
    assert.deepStrictEqual(parseSecretFlag('id=a,source=/x'), ['a', { file: '/x' }]);
    assert.deepStrictEqual(parseSecretFlag('id=a,env=TOKEN'), ['a', { env: 'TOKEN' }]);
    assert.throws(() => parseSecretFlag('a'), /expected id=NAME,src=FILE/);
    assert.throws(() => parseSecretFlag('src=x'), /missing id=NAME/);
    assert.throws(() => parseSecretFlag('id=a,src=x,env=Y'), /either src= or env=/);
  });

  it('reads every source before the build and names every problem, never a value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-secrets-'));
    fs.writeFileSync(path.join(dir, 'ok'), 'v1');
    const model = parseDockerfile('FROM a\nRUN --mount=type=secret,id=ok --mount=type=secret,id=env true\nRUN --mount=type=secret,id=gone true\nRUN --mount=type=secret,id=unset true\n');
    const env = { V: 'v2' } as NodeJS.ProcessEnv;
    const values = resolveSecrets(parseDockerfile('FROM a\nRUN --mount=type=secret,id=ok --mount=type=secret,id=env true\n'), { ok: { file: 'ok' }, env: { env: 'V' } }, dir, env);
    assert.deepStrictEqual([...values].map(([k, v]) => [k, v.toString()]), [['ok', 'v1'], ['env', 'v2']]);
    assert.throws(() => resolveSecrets(model, { ok: { file: 'ok' }, env: { env: 'V' }, gone: { file: 'nope' }, unset: { env: 'NOPE' } }, dir, env), (e: Error) => {
      assert.match(e.message, /Secret "gone": cannot read its file nope/);
      assert.match(e.message, /Secret "unset": the environment variable NOPE is not set/);
      assert.ok(!e.message.includes('v1') && !e.message.includes('v2'));
      return true;
    });
  });
});

describe('session: gRPC framing', () => {
  it('splits messages across and within chunks', () => {
    const wire = Buffer.concat([frame(Buffer.from('hello')), frame(Buffer.alloc(0)), frame(Buffer.from('x'.repeat(70000)))]);
    const reader = new FrameReader();
    const got: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 7) got.push(...reader.push(wire.subarray(i, i + 7)));
    assert.deepStrictEqual(got.map(b => b.length), [5, 0, 70000]);
    assert.strictEqual(got[0].toString(), 'hello');
  });
});
