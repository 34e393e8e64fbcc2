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

/** At the latest this long after page load, whatever the page shows (the start page has no analysis). */
export const REGISTER_LATEST_MS = 10_000;

/**
 * How long after the first results the install waits before it looks for an idle moment. An idle
 * moment can come between the analysis's answer and the frame that shows its chart (React renders
 * in slices); an install begun then kept the browser busy caching the build and held that frame
 * back: the sample's first chart took 1.92–1.99 s in 3 runs of 11, against 1.48–1.55 s in the
 * others (2026-12-07, a Chromium trace: renderer and worker idle, no frame, the service worker
 * thread busy). Nothing needs the service worker until the next visit.
 */
export const REGISTER_AFTER_RESULTS_MS = 1_500;

/**
 * Register once the page shows its first results: the install downloads every file of the build
 * again (the 34 MB wasm among them) into the cache and compiles its scripts, which on a first
 * visit would compete for the processor with the wasm's compile and the first chart. The first
 * `analysis …` on the app's timeline (src/timing.ts) says the results are in; the browser's first
 * idle moment REGISTER_AFTER_RESULTS_MS later, when they are drawn, starts it.
 */
export function registerServiceWorkerAfterStart(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let started = false;
  let observer: PerformanceObserver | null = null;
  const whenIdle = () => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(registerServiceWorker, { timeout: 2_000 });
    else setTimeout(registerServiceWorker, 500);
  };
  const start = (after: number) => {
    if (started) return;
    started = true;
    observer?.disconnect();
    clearTimeout(latest);
    setTimeout(whenIdle, after);
  };
  const latest = setTimeout(() => start(0), REGISTER_LATEST_MS);
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name.startsWith('analysis '))) start(REGISTER_AFTER_RESULTS_MS);
    });
    observer.observe({ type: 'measure', buffered: true });
  } catch {
    // A browser without measure observers registers at REGISTER_LATEST_MS.
  }
}
