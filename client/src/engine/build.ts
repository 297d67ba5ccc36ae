// Building an image through the Engine API (classic builder or BuildKit).
import { Engine } from './connection';
import { BuildOptions, BuildResult } from './types';

export function isSecretArgName(_name: string): boolean { throw new Error('not implemented yet'); }
export function maskSecrets(_text: string, _buildArgs: Record<string, string> | undefined): string { throw new Error('not implemented yet'); }
export async function build(_engine: Engine, _options: BuildOptions): Promise<BuildResult> { throw new Error('not implemented yet'); }
