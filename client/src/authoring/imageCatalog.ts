// The engine's images in the shape the language server asks for (features/protocol.ts). No `vscode`
// here, so the engine tests answer the server's request with this very function.
import { Engine } from '../engine';
import type { EngineImagesResult } from '../../../server/src/features/protocol';

export async function imageCatalog(engine: Engine): Promise<EngineImagesResult> {
  try {
    const docker = await engine.docker();
    const images = await docker.listImages({ all: false }).catch(err => { throw engine.noteFailure(err); });
    return {
      images: images.map(img => ({
        id: img.Id, repoTags: (img.RepoTags ?? []).filter(t => t !== '<none>:<none>'),
        size: img.Size, created: img.Created, labels: img.Labels ?? {},
      })),
    };
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message : String(err) };
  }
}
