import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';

/** Changes to some search parameters; an empty value (or null) removes the parameter. */
export type SearchParamChanges = Record<string, string | null | undefined>;

/**
 * The page's search parameters, and `update` to change some of them (replacing the history entry).
 *
 * A change builds on the last *requested* parameters, not only on the last rendered ones: the
 * router renders a navigation in a React transition, so a second change made before that render
 * (a quick click on "Zoeken" after choosing a filter) would otherwise start from the old
 * parameters and undo the first.
 */
export function useSearchParamUpdate(): [URLSearchParams, (changes: SearchParamChanges) => void] {
  const [params, setParams] = useSearchParams();
  const rendered = useRef('');
  rendered.current = params.toString();
  const requested = useRef<{ from: string; to: string } | null>(null);
  const update = useCallback(
    (changes: SearchParamChanges) => {
      const pending = requested.current;
      const base = pending && pending.from === rendered.current ? pending.to : rendered.current;
      const next = new URLSearchParams(base);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      requested.current = { from: rendered.current, to: next.toString() };
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return [params, update];
}
