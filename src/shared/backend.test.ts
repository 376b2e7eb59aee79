import { describe, expect, it } from 'vitest';
import {
  chooseBackend,
  describeChoice,
  forcedBackendFrom,
  shortDevice,
  type Probes,
  type WebGLProbe,
  type WebGPUProbe,
} from './backend';

const hardwareGPU: WebGPUProbe = {
  status: 'ok',
  isFallbackAdapter: false,
  description: 'nvidia hopper',
};
const swiftshaderGPU: WebGPUProbe = {
  status: 'ok',
  isFallbackAdapter: true,
  description: 'google swiftshader',
};
const hardwareGL: WebGLProbe = { status: 'ok', renderer: 'ANGLE (NVIDIA, Vulkan)' };
const softwareGL: WebGLProbe = {
  status: 'ok',
  renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))',
};

function probes(webgpu: WebGPUProbe, webgl: WebGLProbe, wasm = true): Probes {
  return { webgpu, webgl, wasm: { status: wasm ? 'ok' : 'no-api' } };
}

describe('chooseBackend', () => {
  it.each([
    ['hardware WebGPU wins', probes(hardwareGPU, hardwareGL), 'webgpu', {}],
    [
      'a fallback adapter loses to hardware WebGL',
      probes(swiftshaderGPU, hardwareGL),
      'webgl',
      { webgpu: 'WebGPU: software adapter only (google swiftshader)' },
    ],
    [
      'software WebGPU and software WebGL lose to WASM',
      probes(swiftshaderGPU, softwareGL),
      'wasm',
      {
        webgpu: 'WebGPU: software adapter only (google swiftshader)',
        webgl: 'WebGL: software renderer only (ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device)))',
      },
    ],
    [
      'a SwiftShader description counts as software even without the fallback flag',
      probes({ status: 'ok', description: 'Google SwiftShader' }, { status: 'no-context' }),
      'wasm',
      {
        webgpu: 'WebGPU: software adapter only (Google SwiftShader)',
        webgl: 'WebGL: not available',
      },
    ],
    [
      'no adapter and llvmpipe fall back to WASM',
      probes(
        { status: 'no-adapter' },
        { status: 'ok', renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
      ),
      'wasm',
      {
        webgpu: 'WebGPU: no adapter',
        webgl: 'WebGL: software renderer only (llvmpipe (LLVM 15.0.6, 256 bits))',
      },
    ],
    [
      'no WebGPU API at all',
      probes({ status: 'no-api' }, { status: 'no-api' }),
      'wasm',
      { webgpu: 'WebGPU: not supported by this browser', webgl: 'WebGL: not available' },
    ],
    [
      'nothing but JavaScript',
      probes({ status: 'error', error: 'boom' }, { status: 'no-api' }, false),
      'cpu',
      {
        webgpu: 'WebGPU: adapter request failed (boom)',
        webgl: 'WebGL: not available',
        wasm: 'WASM: WebAssembly not available',
      },
    ],
  ])('%s', (_name, p, backend, skipped) => {
    const choice = chooseBackend(p);
    expect(choice.backend).toBe(backend);
    expect(choice.skipped).toEqual(skipped);
    expect(choice.forced).toBe(false);
  });

  it('a forced backend wins when it exists, even a software one', () => {
    const choice = chooseBackend(probes(swiftshaderGPU, softwareGL), 'webgpu');
    expect(choice).toMatchObject({ backend: 'webgpu', forced: true, device: 'google swiftshader' });
  });

  it('a forced backend that does not exist falls through the table and says so', () => {
    const choice = chooseBackend(probes({ status: 'no-adapter' }, softwareGL), 'webgpu');
    expect(choice.backend).toBe('wasm');
    expect(choice.skipped.webgpu).toBe('WebGPU: no adapter');
    expect(choice.forced).toBe(false);
  });
});

describe('forcedBackendFrom', () => {
  it('reads known backends and ignores the rest', () => {
    expect(forcedBackendFrom('?backend=wasm')).toBe('wasm');
    expect(forcedBackendFrom('?x=1&backend=webgpu')).toBe('webgpu');
    expect(forcedBackendFrom('?backend=cuda')).toBeNull();
    expect(forcedBackendFrom('')).toBeNull();
  });
});

describe('describeChoice', () => {
  it('names the backend, the device and why faster ones were skipped', () => {
    const text = describeChoice(chooseBackend(probes(swiftshaderGPU, softwareGL)));
    expect(text).toBe(
      'Running on wasm — CPU (WebAssembly SIMD). WebGPU: software adapter only ' +
        '(google swiftshader); WebGL: software renderer only (ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))).',
    );
  });
});

describe('shortDevice', () => {
  it('keeps the GPU model of an ANGLE string and shortens long names', () => {
    expect(
      shortDevice('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)'),
    ).toBe('NVIDIA GeForce RTX 3080');
    expect(
      shortDevice('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader)'),
    ).toBe('Vulkan 1.3.0');
    expect(shortDevice('CPU (WebAssembly SIMD)')).toBe('CPU (WebAssembly SIMD)');
    expect(shortDevice('x'.repeat(60))).toBe(`${'x'.repeat(39)}…`);
  });
});
