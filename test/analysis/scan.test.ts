// Our scanner (server/src/analysis/scan.ts) against the parser of record: wherever it answers,
// its instructions and comments deep-equal the dockerfile-ast path's, for every Dockerfile in
// examples/ and test/fixtures/ (the fuzz suite covers generated files), and it leaves the shapes
// it does not handle to dockerfile-ast.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseDockerfile } from '../../server/src/analysis/model';
import { scanDockerfile } from '../../server/src/analysis/scan';
import { checkScanner } from '../fuzz/scanProperty';
import { REPO_ROOT } from '../fuzz/corpus';

function dockerfilesUnder(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) dockerfilesUnder(p, out);
    else if (/dockerfile/i.test(e.name)) out.push(p);
  }
  return out;
}

const scan = (text: string) => scanDockerfile(text, text.split(/\r\n|\r|\n/), '\\');

describe('scanner: same instructions as dockerfile-ast', () => {
  const files = [...dockerfilesUnder(path.join(REPO_ROOT, 'examples'), []), ...dockerfilesUnder(path.join(REPO_ROOT, 'test', 'fixtures'), [])].sort();

  it('answers for most of the example and fixture files and agrees wherever it answers', () => {
    assert.ok(files.length >= 10, `found ${files.length} Dockerfiles`);
    const tally = { texts: 0, answered: 0 };
    for (const f of files) checkScanner(fs.readFileSync(f, 'utf8'), tally);
    assert.ok(tally.answered * 2 > tally.texts, `answered ${tally.answered} of ${tally.texts}`);
  });

  it('agrees on continuations, comments inside them, quotes, flags, exec form, CRLF (heredocs too), tabs, unicode and the escape directive', () => {
    const cases = [
      'FROM --platform=$BUILDPLATFORM node:20 AS build\r\nRUN --mount=type=cache,target=/root/.npm,id=x \\\r\n  # a comment\r\n\r\n  npm ci && \\\t \r\n  echo "dé jà" \'x y\'\r\n',
      'FROM alpine\nCMD ["sh", "-c", "echo a  b"]\nENTRYPOINT [ "a" ,"b\\"c" ]\nCOPY ["a b", "/x y/"]\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n',
      'FROM a\nLABEL a="b c" d=e \'f\'=g\nENV A B C\nENV X=${Y:-z w} Q=1\nARG V=1\nARG\tW\nEXPOSE 80/tcp\nUSER 0:0\n',
      '# escape=`\nFROM windows\nRUN dir `\n  c:\\\\ `\n  # note\n  && echo done\n',
      '# syntax=docker/dockerfile:1\n#check=skip=all\n\n# a note = with equals\nFROM x\n\tRUN\techo\ttabs # not a comment\nrun lower case\nONBUILD RUN echo on\n',
      'FROM a\nRUN echo \\$HOME \\"q\\" \\\\n\nRUN a\\\nb \\\n  c\n',
      'FROM a\nRUN <<EOF\necho hi\n  EOF\nEOF\nCOPY <<-"CONF" /etc/x\n\tserver_tokens off;\n\tCONF\nRUN cat <<A\n',
      'FROM a\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev dpkg \\  \n\t\tfile\nLABEL k v \\\r\n  w\r\n',
      'FROM a\nRUN apt-get update \\\n    # && apt-get install -y m4 \\\n    && echo done\nRUN a\\\n# c \\  \r\nb\n',
      'FROM a\r\nRUN <<EOF\r\nset -eux\r\n\r\necho hi\r\nEOF\r\nCOPY <<-CONF /etc/x\r\n\tlisten 80\r\n\tCONF\r\nCMD x\r\nRUN cat <<A\r\nno end\r\n',
    ];
    for (const text of cases) {
      const tally = checkScanner(text);
      assert.ok(tally.answered > 0, `the scanner should answer for ${JSON.stringify(text)}`);
    }
  });

  it('leaves two heredocs, escapes in a heredoc, a lone CR, a byte order mark and escaped blanks mid-line to dockerfile-ast', () => {
    for (const text of ['FROM a\nRUN <<A <<B\nx\nA\ny\nB\n', 'FROM a\nRUN <<EOF\necho \\\n  hi\nEOF\n', 'FROM a\rRUN b \\\rc\r', '\ufeffFROM a\n', 'FROM a\nRUN a\\ b\n']) {
      assert.strictEqual(scan(text), undefined, JSON.stringify(text));
      // The model still reads them (through dockerfile-ast).
      assert.ok(parseDockerfile(text).instructions.length >= 1);
    }
  });
});
