import { Heading1 } from '@utrecht/component-library-react';
import { useEffect, useRef, type ReactNode } from 'react';

let firstPage = true;

/**
 * The page's one h1. It names the document title too, and after a client-side navigation it takes
 * the focus, so screen reader users hear that the page changed (as a full page load would).
 */
export function PageHeading({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} – Kompas` : 'Kompas';
  }, [text]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return (
    <Heading1 ref={ref} tabIndex={-1} className="kompas-page-heading">
      {children}
    </Heading1>
  );
}
