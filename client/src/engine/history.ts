// Layer history of an image, grouped into base-image layers and the Dockerfile lines that made the rest.
import { Engine } from './connection';
import { LayerHistory, LayerHistoryOptions } from './types';

export { cleanCreatedBy } from './layerText';
export async function layerHistory(_engine: Engine, _imageRef: string, _options: LayerHistoryOptions = {}): Promise<LayerHistory> { throw new Error('not implemented yet'); }
