// The fast syntax checker (syntaxFast.ts) either steps aside or says exactly what the
// validator path says for the same chunk: same findings, ranges, messages, severities, order.
import * as assert from 'assert';
import { DockerfileModel, parseDockerfile } from '../../server/src/analysis/model';
import { Chunk } from '../../server/src/analysis/chunks';
import { MAX_VALIDATED_GLOBAL_ARGS, validatedChunkFindings } from '../../server/src/analysis/syntax';
import { fastChunkFindings } from '../../server/src/analysis/syntaxFast';

export interface FastCount { chunks: number; fast: number }

/** The chunks syntaxFindings() checks one by one (a single-chunk file is checked whole). */
function checkedChunks(model: DockerfileModel): Chunk[] {
  return model.chunks.length <= 1 ? [{ startLine: 0, lineCount: model.lines.length, text: model.text }] : model.chunks;
}

function globalsBounded(model: DockerfileModel): boolean {
  return (model.stages.length > 0 ? model.stages[0].from.index : model.instructions.length) > MAX_VALIDATED_GLOBAL_ARGS;
}

/** Throws when the fast answer for a chunk differs from the validator path's; counts the chunks answered. */
export function checkSyntaxFast(text: string, count: FastCount = { chunks: 0, fast: 0 }): FastCount {
  for (const wholeFileParse of ['auto', 'never'] as const) {
    const model = parseDockerfile(text, { wholeFileParse });
    for (const chunk of checkedChunks(model)) {
      const fast = fastChunkFindings(model, chunk, chunk.startLine === 0 && globalsBounded(model));
      if (wholeFileParse === 'auto') { count.chunks++; if (fast) count.fast++; }
      if (fast === undefined) continue;
      const slow = validatedChunkFindings(model, chunk);
      try {
        assert.deepStrictEqual(fast, slow);
      } catch {
        throw new Error(`fast syntax findings differ from validate() for the chunk at line ${chunk.startLine} (${wholeFileParse} parse):\n`
          + `fast: ${JSON.stringify(fast)}\nvalidate: ${JSON.stringify(slow)}\nchunk: ${JSON.stringify(chunk.text.slice(0, 2000))}`);
      }
    }
  }
  return count;
}
