import * as assert from 'assert';
import { analyze } from '../../server/src/analysis/analyze';
import { applyFix, df, ruleCatches, ruleCatchesNot } from '../support/ruleSpec';

const ID = 'invalid-definition-description';
const STRICT = { profile: 'strict' as const };

describe(ID, () => {
  const fires = [
    df('# a non-descript comment', 'FROM scratch AS base'),
    df('FROM alpine', '# another non-descript comment', 'ARG VERSION=1'),
    // global ARG, several keys: the first word must be one of them
    df('# the versions', 'ARG NODE=20 NPM=10', 'FROM node:${NODE}'),
    // multi-stage, lowercase keywords
    df('from alpine as a', 'run true', '# builds the app', 'from a as build'),
    // the last comment line counts
    df('# base: the toolchain', '# pinned for reproducibility', 'FROM golang:1.22 AS base'),
  ];
  const silent = [
    df('# base is a stage for compiling source', 'FROM scratch AS base'),
    df('FROM alpine', '# VERSION This is the version number.', 'ARG VERSION=1'),
    df('# not a description', '', 'ARG VERSION=1', 'FROM alpine'),
    df('# not a description', '#', 'FROM alpine AS build'),
    // FROM without a stage name has no description
    df('# the base', 'FROM alpine'),
    // directives and suppression pragmas are not descriptions
    df('# syntax=docker/dockerfile:1', 'ARG VERSION=1', 'FROM alpine'),
    df('FROM alpine', '# hadolint ignore=DL3006', 'ARG X=1'),
    df('# NODE the Node.js version', 'ARG NODE=20 NPM=10', 'FROM node:${NODE}'),
  ];
  fires.forEach((t, i) => it(`fires #${i + 1}`, () => ruleCatches(ID, t, STRICT)));
  silent.forEach((t, i) => it(`stays silent #${i + 1}`, () => ruleCatchesNot(ID, t, STRICT)));

  it('is a strict-profile rule: off in recommended (BuildKit runs it only as an experimental check)', () => {
    ruleCatchesNot(ID, fires[0]);
    ruleCatches(ID, fires[0], { rules: { [ID]: 'warning' } });
    ruleCatchesNot(ID, '# check=skip=InvalidDefinitionDescription\n' + fires[0], STRICT);
  });

  it('the fix separates the comment from the instruction', () => {
    const fixed = applyFix(ID, fires[1], undefined, STRICT);
    assert.strictEqual(fixed, df('FROM alpine', '# another non-descript comment', '', 'ARG VERSION=1'));
    ruleCatchesNot(ID, fixed, STRICT);
    assert.deepStrictEqual(analyze(fixed, STRICT).findings.filter(f => f.ruleId === 'syntax'), []);
    const [found] = ruleCatches(ID, fires[2], STRICT);
    assert.match(found.message, /`# <arg_key> <description>`/);
  });
});
