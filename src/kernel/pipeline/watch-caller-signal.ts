/** The requests watching one caller signal, behind the one listener added to it. */
interface SignalWatch {
  readonly listeners: Set<() => void>;
  readonly onAbort: () => void;
}

const watches = new WeakMap<AbortSignal, SignalWatch>();

/**
 * Calls `listener` once when the caller's `signal` aborts; returns the function that stops
 * watching. Every request in flight with the same signal shares ONE abort listener on it: an
 * application that passes one AbortSignal (a server's shutdown signal) to many concurrent requests
 * would otherwise add a listener per request and trip Node's MaxListenersExceededWarning at 11,
 * and the caller's signal is not the runtime's to raise the limit on.
 */
export function watchCallerSignal(signal: AbortSignal, listener: () => void): () => void {
  let watch = watches.get(signal);
  if (watch === undefined) {
    const listeners = new Set<() => void>();
    const onAbort = () => {
      watches.delete(signal);
      for (const each of listeners) each();
      listeners.clear();
    };
    watch = { listeners, onAbort };
    watches.set(signal, watch);
    signal.addEventListener("abort", onAbort, { once: true });
  }
  const { listeners, onAbort } = watch;
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    signal.removeEventListener("abort", onAbort);
    if (watches.get(signal)?.onAbort === onAbort) watches.delete(signal);
  };
}
