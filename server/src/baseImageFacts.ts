// The language server's copy of what the client's engine says about base images (platform, ENV),
// for invalid-base-image-platform and undefined-var. The server never talks to an engine: it asks
// the client (BASE_IMAGE_FACTS_REQUEST) for the references a document names, keeps the answers a
// short while, and re-lints when an answer changes what the rules see.
import { DockerfileModel } from './analysis/model';
import { AnalysisOptions } from './analysis/types';
import { BaseImageFactsAnswer } from './features/protocol';

type Facts = NonNullable<AnalysisOptions['baseImages']>[string];
const TTL_MS = 30_000;
const MAX_REFS = 20;

export class BaseImageFacts {
  private readonly images = new Map<string, { at: number; facts?: Facts }>();
  private platform?: NonNullable<AnalysisOptions['enginePlatform']>;
  /** Set once the client says it cannot answer at all (no handler): we stop asking. */
  private unsupported = false;

  constructor(private readonly ask: (references: string[]) => Promise<BaseImageFactsAnswer>, private readonly now = () => Date.now()) {}

  /** What the rules may use for a document whose stages start from these images. */
  optionsFor(references: string[]): Pick<AnalysisOptions, 'baseImages' | 'enginePlatform'> {
    const baseImages: NonNullable<AnalysisOptions['baseImages']> = {};
    for (const ref of references) { const f = this.images.get(ref)?.facts; if (f) baseImages[ref] = f; }
    return Object.keys(baseImages).length > 0 ? { baseImages, enginePlatform: this.platform } : {};
  }

  /** Asks about references not known or no longer fresh; true when the answer changed the facts for them. */
  async refresh(references: string[]): Promise<boolean> {
    if (this.unsupported) return false;
    const t = this.now();
    const stale = references.filter(r => { const e = this.images.get(r); return !e || t - e.at > TTL_MS; });
    if (stale.length === 0) return false;
    for (const r of stale) this.images.set(r, { at: t, facts: this.images.get(r)?.facts }); // one question per reference at a time
    let answer: BaseImageFactsAnswer;
    try {
      answer = await this.ask(stale);
    } catch {
      this.unsupported = true;
      return false;
    }
    if (!answer) return false;
    let changed = false;
    if (JSON.stringify(answer.platform) !== JSON.stringify(this.platform)) { this.platform = answer.platform; changed = true; }
    for (const r of stale) {
      const facts = answer.images[r];
      if (JSON.stringify(facts) !== JSON.stringify(this.images.get(r)?.facts)) changed = true;
      this.images.set(r, { at: this.now(), facts });
    }
    if (this.images.size > 512) this.images.delete(this.images.keys().next().value as string);
    return changed;
  }
}

/** The images a document's stages start from (not other stages, not scratch, fully expanded). */
export function baseReferences(model: DockerfileModel | undefined): string[] {
  const out = new Set<string>();
  for (const stage of model?.stages ?? []) {
    if (stage.parent === undefined && stage.imageComplete && stage.expandedImage && stage.expandedImage.toLowerCase() !== 'scratch') out.add(stage.expandedImage);
    if (out.size >= MAX_REFS) break;
  }
  return [...out];
}
