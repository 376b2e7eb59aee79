/**
 * Picks the fastest real tfjs backend. Hardware WebGPU first; a software WebGPU adapter or a
 * software WebGL renderer is far slower than WASM (measured here on a small conv net at
 * 256x256: WebGPU-SwiftShader 57 s, WebGL-SwiftShader 14 s, WASM SIMD 0.32 s), so then WASM wins.
 * This module is pure: probing lives in probe.ts so the decision table is unit-testable.
 */

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface WebGPUProbe {
  /** 'ok' when an adapter was granted. */
  status: 'ok' | 'no-api' | 'no-adapter' | 'error';
  isFallbackAdapter?: boolean;
  /** vendor / architecture / description as the adapter reports them. */
  description?: string;
  error?: string;
}

export interface WebGLProbe {
  status: 'ok' | 'no-api' | 'no-context' | 'error';
  renderer?: string;
  error?: string;
}

export interface Probes {
  webgpu: WebGPUProbe;
  webgl: WebGLProbe;
  wasm: { status: 'ok' | 'no-api' };
}

export interface BackendChoice {
  backend: BackendName;
  /** Why each faster backend was skipped, in one short sentence each. */
  skipped: Partial<Record<BackendName, string>>;
  /** The device the chosen backend runs on, e.g. the WebGPU adapter's description. */
  device: string;
  forced: boolean;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

export function webgpuSkipReason(p: WebGPUProbe): string | null {
  switch (p.status) {
    case 'no-api':
      return 'WebGPU: not supported by this browser';
    case 'no-adapter':
      return 'WebGPU: no adapter';
    case 'error':
      return `WebGPU: adapter request failed (${p.error ?? 'unknown error'})`;
    default:
      if (p.isFallbackAdapter || isSoftwareRenderer(p.description ?? '')) {
        return `WebGPU: software adapter only${p.description ? ` (${p.description})` : ''}`;
      }
      return null;
  }
}

export function webglSkipReason(p: WebGLProbe): string | null {
  switch (p.status) {
    case 'no-api':
    case 'no-context':
      return 'WebGL: not available';
    case 'error':
      return `WebGL: failed (${p.error ?? 'unknown error'})`;
    default:
      return isSoftwareRenderer(p.renderer ?? '')
        ? `WebGL: software renderer only (${p.renderer})`
        : null;
  }
}

function deviceOf(name: BackendName, probes: Probes): string {
  if (name === 'webgpu') return probes.webgpu.description || 'WebGPU adapter';
  if (name === 'webgl') return probes.webgl.renderer || 'WebGL';
  if (name === 'wasm') return 'CPU (WebAssembly SIMD)';
  return 'CPU (JavaScript)';
}

/** The decision table. `forced` (from ?backend=) wins whenever that backend exists at all. */
export function chooseBackend(probes: Probes, forced?: BackendName | null): BackendChoice {
  const skipped: Partial<Record<BackendName, string>> = {};
  const webgpu = webgpuSkipReason(probes.webgpu);
  const webgl = webglSkipReason(probes.webgl);
  const usable = (name: BackendName): boolean =>
    name === 'cpu' ||
    (name === 'wasm' && probes.wasm.status === 'ok') ||
    (name === 'webgpu' && probes.webgpu.status === 'ok') ||
    (name === 'webgl' && probes.webgl.status === 'ok');
  if (forced && usable(forced)) {
    return { backend: forced, skipped, device: deviceOf(forced, probes), forced: true };
  }
  if (forced) skipped[forced] = `${forced} was requested but is not available`;
  if (webgpu) skipped.webgpu = webgpu;
  else return { backend: 'webgpu', skipped, device: deviceOf('webgpu', probes), forced: false };
  if (webgl) skipped.webgl = webgl;
  else return { backend: 'webgl', skipped, device: deviceOf('webgl', probes), forced: false };
  const backend: BackendName = usable('wasm') ? 'wasm' : 'cpu';
  if (backend === 'cpu') skipped.wasm = 'WASM: WebAssembly not available';
  return { backend, skipped, device: deviceOf(backend, probes), forced: false };
}

/** Reads `?backend=` from a URL search string; anything unknown is ignored. */
export function forcedBackendFrom(search: string): BackendName | null {
  const value = new URLSearchParams(search).get('backend');
  return (BACKENDS as readonly string[]).includes(value ?? '') ? (value as BackendName) : null;
}

/** A device name short enough for a badge: the GPU's model out of an ANGLE renderer string
 * ("ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)" -> "NVIDIA GeForce
 * RTX 3080"), anything else cut at 40 characters. */
export function shortDevice(device: string): string {
  const angle = /^ANGLE \([^,]*, (.+?)(?: Direct3D| \(|, |\)$)/.exec(device);
  const name = (angle?.[1] ?? device).trim();
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

/** One sentence for the page: which backend and why the faster ones were skipped. */
export function describeChoice(choice: BackendChoice): string {
  const why = Object.values(choice.skipped).join('; ');
  const how = choice.forced ? ' (forced by ?backend=)' : '';
  return `Running on ${choice.backend}${how} — ${choice.device}${why ? `. ${why}.` : '.'}`;
}
