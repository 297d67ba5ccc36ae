// Crafts layer tars and image archives (`docker save` format, classic or OCI layout) for tests: known
// contents in, known answers out; also the broken archives (truncated, corrupt) nobody's engine makes.
import { createHash } from 'crypto';
import * as tar from 'tar-stream';
import * as zlib from 'zlib';

export type FileSpec =
  | { path: string; type?: 'file'; size?: number; content?: string; mode?: number }
  | { path: string; type: 'dir'; mode?: number }
  | { path: string; type: 'symlink'; target: string }
  | { path: string; type: 'link'; target: string };

async function packToBuffer(fill: (pack: tar.Pack) => Promise<void>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  await fill(pack);
  pack.finalize();
  return done;
}

function entry(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => { pack.entry(header, body ?? Buffer.alloc(0), err => (err ? reject(err) : resolve())); });
}

/** A layer tar; `size` fills a file with that many zero bytes. Whiteouts are plain files named `.wh.x`. */
export function layerTar(files: FileSpec[]): Promise<Buffer> {
  return packToBuffer(async pack => {
    for (const f of files) {
      const name = f.path.replace(/^\//, '');
      if (f.type === 'dir') await entry(pack, { name: name + '/', type: 'directory', mode: f.mode ?? 0o755 });
      else if (f.type === 'symlink') await entry(pack, { name, type: 'symlink', linkname: f.target });
      else if (f.type === 'link') await entry(pack, { name, type: 'link', linkname: f.target.replace(/^\//, '') });
      else await entry(pack, { name, type: 'file', mode: f.mode ?? 0o644 }, f.content !== undefined ? Buffer.from(f.content) : Buffer.alloc(f.size ?? 0));
    }
  });
}

const sha256 = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

export interface ArchiveOptions {
  layout?: 'docker' | 'oci';
  architecture?: string;
  os?: string;
  /** Commands of the layers' history entries (defaults: "layer N"). */
  createdBy?: string[];
  /** gzip the layer blobs (OCI layout only, as containerd stores pulled layers). */
  gzip?: boolean;
  repoTag?: string;
  /** OCI layout: also write Docker's manifest.json (engines 25+ do; 20.10's `docker load` needs it). Default true. */
  dockerManifest?: boolean;
  /** OCI layout: extra blobs no manifest lists (signatures, SBOMs), stored before the layers. */
  extraBlobs?: Buffer[];
}

/** An image archive that `docker load` accepts, with the layers in order (base first). */
export async function imageArchive(layers: Buffer[], options: ArchiveOptions = {}): Promise<{ archive: Buffer; imageId: string; diffIds: string[] }> {
  const diffIds = layers.map(sha256);
  const config = Buffer.from(JSON.stringify({
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    config: { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: options.createdBy?.[i] ?? `/bin/sh -c #(nop) layer ${i}` })),
  }));
  const imageId = sha256(config);
  const hex = (d: string) => d.slice(7);
  const archive = await packToBuffer(async pack => {
    if ((options.layout ?? 'docker') === 'docker') {
      const names = diffIds.map(d => `${hex(d)}/layer.tar`);
      for (let i = 0; i < layers.length; i++) {
        await entry(pack, { name: `${hex(diffIds[i])}/VERSION` }, Buffer.from('1.0'));
        await entry(pack, { name: names[i] }, layers[i]);
      }
      await entry(pack, { name: `${hex(imageId)}.json` }, config);
      await entry(pack, { name: 'manifest.json' }, Buffer.from(JSON.stringify([{ Config: `${hex(imageId)}.json`, RepoTags: options.repoTag ? [options.repoTag] : null, Layers: names }])));
    } else {
      const blobs = layers.map(l => (options.gzip ? zlib.gzipSync(l) : l));
      const blobDigests = blobs.map(sha256);
      for (const extra of options.extraBlobs ?? []) await entry(pack, { name: `blobs/sha256/${hex(sha256(extra))}` }, extra);
      for (let i = 0; i < blobs.length; i++) await entry(pack, { name: `blobs/sha256/${hex(blobDigests[i])}` }, blobs[i]);
      await entry(pack, { name: `blobs/sha256/${hex(imageId)}` }, config);
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: imageId, size: config.length },
        layers: blobs.map((b, i) => ({ mediaType: `application/vnd.oci.image.layer.v1.tar${options.gzip ? '+gzip' : ''}`, digest: blobDigests[i], size: b.length })),
      }));
      const manifestDigest = sha256(manifest);
      await entry(pack, { name: `blobs/sha256/${hex(manifestDigest)}` }, manifest);
      await entry(pack, { name: 'index.json' }, Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length }] })));
      if (options.dockerManifest !== false) {
        await entry(pack, { name: 'manifest.json' }, Buffer.from(JSON.stringify([{ Config: `blobs/sha256/${hex(imageId)}`, RepoTags: options.repoTag ? [options.repoTag] : null, Layers: blobDigests.map(d => `blobs/sha256/${hex(d)}`) }])));
      }
      await entry(pack, { name: 'oci-layout' }, Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
    }
  });
  return { archive, imageId, diffIds };
}
