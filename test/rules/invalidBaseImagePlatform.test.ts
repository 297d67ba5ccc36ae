import * as assert from 'assert';
import { df, findingsOf, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';
import { AnalysisOptions } from '../../server/src/analysis/types';

const ID = 'invalid-base-image-platform';
const engine: AnalysisOptions = {
  enginePlatform: { os: 'linux', architecture: 'amd64' },
  baseImages: {
    'app/base:arm': { os: 'linux', architecture: 'arm64', env: [] },
    'app/base:amd': { os: 'linux', architecture: 'amd64', env: [] },
    'app/base:armv6': { os: 'linux', architecture: 'arm', variant: 'v6', env: [] },
    'alpine:latest': { os: 'linux', architecture: 'arm64', variant: 'v8', env: [] },
  },
};

describe(ID, () => {
  const fires = [
    df('FROM app/base:arm'),
    df('FROM --platform=linux/amd64 app/base:arm AS build', 'RUN make'),
    df('FROM app/base:amd AS a', 'RUN true', 'FROM --platform=linux/arm64 app/base:amd'),
    df('ARG PLATFORM=linux/arm/v5', 'FROM --platform=$PLATFORM app/base:armv6'),
    df('from alpine'),
    df('FROM --platform=$BUILDPLATFORM app/base:arm AS tools'),
  ];
  const silent = [
    df('FROM app/base:amd'),
    df('FROM --platform=linux/arm64 app/base:arm'),
    df('ARG PLATFORM=linux/arm/v7', 'FROM --platform=$PLATFORM app/base:armv6'),
    // the engine does not have it: BuildKit would pull the right one
    df('FROM debian:12'),
    // a stage built on another stage is checked where the image is named
    df('FROM app/base:amd AS a', 'FROM a', 'RUN true'),
    // a platform we cannot resolve
    df('FROM --platform=$UNKNOWN app/base:arm'),
    df('FROM scratch'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t, engine)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t, engine)));

  it('is silent without an engine, and says what to do with one', () => {
    ruleCatchesNot(ID, fires[0]);
    ruleCatchesNot(ID, fires[0], { baseImages: engine.baseImages }); // no engine platform, no --platform: nothing to compare with
    const [f] = ruleCatches(ID, fires[1], engine);
    assert.match(f.message, /app\/base:arm is for linux\/arm64 in the engine, but this stage builds for linux\/amd64 \(its --platform\).*docker pull --platform linux\/amd64/);
    assert.deepStrictEqual(f.range, { start: { line: 0, character: 28 }, end: { line: 0, character: 40 } });
    assert.strictEqual(findingsOf(ID, '# check=skip=InvalidBaseImagePlatform\n' + fires[0], engine).length, 0);
  });
});
