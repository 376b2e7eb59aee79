/** Resolves on a later turn of the event loop, so messages and input queued meanwhile are
 * handled: in a worker, a posted "abort" (`await tensor.data()` on wasm settles as a microtask
 * and never lets it through); on the page, clicks and painting between slices of long work.
 * A MessageChannel hop, not setTimeout, which browsers clamp to 4 ms. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
