/** The peer models the benchmarks compare against, loaded from their npm packages (never a CDN). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileSource } from '../engine/node-source';
import { loadPeer, type PeerNetwork } from '../engine/peer';
import { PEER_PACKAGES } from './peer-packages';

export interface PeerSpec {
  /** e.g. "esrgan-slim x2" */
  label: string;
  pkg: string;
  version: string;
  scale: number;
  modelPath: string;
}

export { PEER_PACKAGES };

function packageVersion(pkg: string, root: string): string {
  const json = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as {
    version: string;
  };
  return json.version;
}

export function peerSpecs(scales: number[], root = 'node_modules'): PeerSpec[] {
  return PEER_PACKAGES.flatMap((pkg) => {
    const version = packageVersion(pkg, root);
    return scales.map((scale) => ({
      label: `${pkg.split('/')[1]} x${scale}`,
      pkg,
      version,
      scale,
      modelPath: join(root, pkg, 'models', `x${scale}`, 'model.json'),
    }));
  });
}

export function openPeer(spec: PeerSpec): Promise<PeerNetwork> {
  return loadPeer(nodeFileSource, spec.modelPath, spec.label, spec.scale);
}
