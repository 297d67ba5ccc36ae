// The one request the language server makes of the client: what images the connected engine has.
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
