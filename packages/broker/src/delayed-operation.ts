/**
 * Waits until `isSatisfied()` holds, re-checking each time one of `keys` is notified in the purgatory, or until
 * `timeoutMs` passes. Resolves true when satisfied, false on timeout. If the purgatory is full the caller gets
 * an immediate answer (current state), which is always a legal response for Fetch and acks=all Produce.
 */
import type { Purgatory } from './purgatory.js';

export function awaitCondition(
  purgatory: Purgatory,
  keys: readonly string[],
  timeoutMs: number,
  isSatisfied: () => boolean,
): Promise<boolean> {
  if (isSatisfied()) return Promise.resolve(true);
  if (timeoutMs <= 0 || keys.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    let cancel: (() => void) | null = null;
    const timer = setTimeout(() => {
      cancel?.();
      resolve(isSatisfied());
    }, timeoutMs);
    const park = (): void => {
      cancel = purgatory.park(keys, () => {
        if (isSatisfied()) {
          clearTimeout(timer);
          resolve(true);
        } else {
          park();
        }
      });
      if (cancel === null) {
        clearTimeout(timer);
        resolve(isSatisfied());
      }
    };
    park();
  });
}
