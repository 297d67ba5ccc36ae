// What a feature request knows about the document it is about. The model is lazy: most requests
// only need the text (the library parses it itself), and completion must stay cheap.
import type { DockerfileModel } from '../analysis/model';

export interface AuthoringDocument {
  uri: string;
  version: number;
  text: string;
  /** The analysis model of this text (the server's latest when it is current, else a fresh parse). */
  model(): DockerfileModel;
  /** The server's latest model when it is of this text, else undefined (never parses). */
  currentModel?(): DockerfileModel | undefined;
  /** The build context folder on disk, when the document is a file. */
  contextDir(): Promise<string | undefined>;
  /** `layerwise.baseImageLabelKeys`, for the FROM hover. */
  labelKeys: string[];
}
