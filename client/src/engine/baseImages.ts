// What the engine knows about the base images a Dockerfile names: each image's platform and ENV,
// and the engine's own platform (the default build target). The lint rules that need it
// (invalid-base-image-platform, undefined-var) take it as plain data; callers that cannot ask an
// engine pass nothing and those rules stay silent.
import { Engine } from './connection';

export interface ImagePlatformFacts { os: string; architecture: string; variant?: string; env: string[] }
export interface BaseImageFactsResult {
  /** By reference as asked; images the engine does not have are absent. */
  images: Record<string, ImagePlatformFacts>;
  /** The engine's OS and architecture (`docker info`). */
  platform: { os: string; architecture: string };
}

/** Inspects the images (at most `limit`, in the order given) and the engine; throws EngineError when unreachable. */
export async function baseImageFacts(engine: Engine, references: string[], limit = 200): Promise<BaseImageFactsResult> {
  const docker = await engine.docker();
  const info = await docker.info() as { OSType?: string; Architecture?: string };
  const images: Record<string, ImagePlatformFacts> = {};
  for (const ref of [...new Set(references)].slice(0, limit)) {
    try {
      const img = await docker.getImage(ref).inspect() as { Os?: string; Architecture?: string; Variant?: string; Config?: { Env?: string[] | null } };
      images[ref] = { os: img.Os ?? '', architecture: img.Architecture ?? '', variant: img.Variant || undefined, env: img.Config?.Env ?? [] };
    } catch (error) {
      // Not in the engine's store (never pulled): BuildKit would pull it; we know nothing about it.
      if ((error as { statusCode?: number }).statusCode !== 404) throw engine.noteFailure(error);
    }
  }
  return { images, platform: { os: info.OSType ?? 'linux', architecture: normaliseArchitecture(info.Architecture ?? '') } };
}

/** `docker info` reports the kernel's name (x86_64, aarch64); images use Go's (amd64, arm64). */
export function normaliseArchitecture(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  if (a === 'armhf' || a === 'armv7l') return 'arm';
  if (a === 'i386' || a === 'i686') return '386';
  return a;
}
