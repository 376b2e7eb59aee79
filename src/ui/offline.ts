/** The service worker (vite-plugin-pwa): registered here so the page can say when the app
 * works offline: on the first visit once the shell is cached, on later visits at once. */
import { registerSW } from 'virtual:pwa-register';
import { useAppStore } from './store';

export function registerOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const ready = () => useAppStore.getState().setOfflineReady(true);
  if (navigator.serviceWorker.controller) ready();
  registerSW({ immediate: true, onOfflineReady: ready });
  navigator.serviceWorker.addEventListener('controllerchange', ready);
}
