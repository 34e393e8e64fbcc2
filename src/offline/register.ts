/**
 * Register the service worker (built as sw.js, see serviceWorker.ts) so that after this first
 * visit the app starts without a network. Only in a build: the dev server has no sw.js. A browser
 * that refuses (private mode, no service workers) still runs the app, online.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const url = `${import.meta.env.BASE_URL}sw.js`;
  navigator.serviceWorker.register(url, { scope: import.meta.env.BASE_URL }).catch((e: unknown) => {
    console.warn(`PBS Lens will not start offline: the service worker could not be registered (${e instanceof Error ? e.message : String(e)}).`);
  });
}
