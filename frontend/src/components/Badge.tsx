import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'progress' | 'done' | 'muted';

/**
 * A small status label. The Utrecht status badge colours (white on green and the like) do not
 * reach 4.5:1 contrast in the default theme, so this one uses dark text on a light tint.
 */
export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`kompas-badge kompas-badge--${tone}`}>{children}</span>;
}
