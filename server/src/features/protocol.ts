// The requests the language server makes of the client: what images the connected engine has, and
// (for the lint rules that need an engine) the platform and ENV of the base images a Dockerfile names.
// The client owns the engine connection; the server never talks to an engine (linting and the
// library features work without one). Shared by server/src/features and client/src/authoring.

export const ENGINE_IMAGES_REQUEST = 'layerwise/engineImages';

export interface EngineImage {
  /** `repository:tag` names; empty for a dangling image. */
  repoTags: string[];
  id: string;
  /** Bytes. */
  size: number;
  /** Unix seconds. */
  created: number;
  labels: Record<string, string>;
}

export type EngineImagesResult =
  | { images: EngineImage[] }
  /** No engine answered: why, in words a user can act on. */
  | { unavailable: string };

export const BASE_IMAGE_FACTS_REQUEST = 'layerwise/baseImageFacts';

export interface BaseImageFactsParams { references: string[] }

/** The engine's answer (client/src/engine/baseImages.ts), or null when no engine may or can answer (untrusted workspace, unreachable). */
export type BaseImageFactsAnswer = {
  images: Record<string, { os: string; architecture: string; variant?: string; env: string[] }>;
  platform: { os: string; architecture: string };
} | null;
