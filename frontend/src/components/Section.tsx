import { Heading2 } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';

/** A titled part of a page (h2), with an optional action such as "New …" beside the title. */
export function Section({ id, title, action, children }: { id: string; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="kompas-section">
      <div className="kompas-section-header">
        <Heading2 id={`${id}-heading`}>{title}</Heading2>
        {action}
      </div>
      {children}
    </section>
  );
}
