/** The npm packages of the peer models the benchmarks compare against. Kept free of imports so
 * that the harness's Vite config can read it too. */
export const PEER_PACKAGES = ['@upscalerjs/esrgan-slim', '@upscalerjs/esrgan-medium'] as const;
