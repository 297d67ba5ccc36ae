// Running an image with its ports published, and stopping it.
import { Engine } from './connection';
import { PortMapping, RunOptions, RunningContainer } from './types';

/** undefined when valid, else an actionable message. */
export function validateImageReference(_ref: string): string | undefined { throw new Error('not implemented yet'); }
/** `80`, `80/tcp`, `8080:80`, `8080:80/udp` → PortMapping; throws a clear Error when invalid. */
export function parsePortMapping(_text: string): PortMapping { throw new Error('not implemented yet'); }
export async function findFreePort(): Promise<number> { throw new Error('not implemented yet'); }
/** The image's EXPOSEd ports (`80/tcp`), to prefill the run dialog. */
export async function exposedPorts(_engine: Engine, _image: string): Promise<string[]> { throw new Error('not implemented yet'); }
export async function runImage(_engine: Engine, _options: RunOptions): Promise<RunningContainer> { throw new Error('not implemented yet'); }
export async function stopContainer(_engine: Engine, _id: string, _options: { timeoutSec?: number } = {}): Promise<void> { throw new Error('not implemented yet'); }
