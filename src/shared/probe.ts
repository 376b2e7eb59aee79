/** Probes what this thread (window or worker) can run. Each probe is defensive: a browser
 * that throws while asking must not take the app down, it just loses that backend. */
import type { Probes, WebGLProbe, WebGPUProbe } from './backend';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}

export async function probeWebGPU(): Promise<WebGPUProbe> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { status: 'no-api' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { status: 'no-adapter' };
    const info = (adapter as unknown as { info?: AdapterInfoLike }).info ?? {};
    const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean })
      .isFallbackAdapter;
    const parts = [info.vendor, info.architecture, info.description, info.device].filter(Boolean);
    return {
      status: 'ok',
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? legacyFallback),
      description: parts.join(' ') || 'unnamed adapter',
    };
  } catch (e) {
    return { status: 'error', error: e instanceof Error ? e.message : String(e) };
  }
}

export function probeWebGL(): WebGLProbe {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { status: 'no-api' };
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { status: 'no-context' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    );
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { status: 'ok', renderer };
  } catch (e) {
    return { status: 'error', error: e instanceof Error ? e.message : String(e) };
  }
}

export async function probeAll(): Promise<Probes> {
  return {
    webgpu: await probeWebGPU(),
    webgl: probeWebGL(),
    wasm: { status: typeof WebAssembly === 'object' ? 'ok' : 'no-api' },
  };
}
