import { useState } from 'react';
import { api, messageOf } from './api.ts';

/**
 * A "Check now" button's state: `POST <path>/check`, its answer handed to `show` (the same
 * shape as the section's GET), and the failure kept for the section to display.
 */
export function useCheckNow<T>(path: string, show: (result: T) => void) {
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const check = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      show(await api<T>(`${path}/check`, { method: 'POST', body: {} }));
    } catch (e) {
      setCheckError(messageOf(e));
    } finally {
      setChecking(false);
    }
  };
  return { checking, checkError, check };
}
