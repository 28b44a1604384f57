import type { ComponentProps } from 'react';
import { Link } from 'react-router';

/** A client-side link that looks like an NL Design System link. */
export function RouterLink({ className, ...props }: ComponentProps<typeof Link>) {
  return <Link className={['utrecht-link', 'utrecht-link--html-a', className].filter(Boolean).join(' ')} {...props} />;
}

/** A client-side link that looks like a button (for "New …" and "Edit" actions). */
export function ButtonRouterLink({
  appearance = 'secondary-action',
  className,
  ...props
}: ComponentProps<typeof Link> & { appearance?: 'primary-action' | 'secondary-action' | 'subtle' }) {
  return (
    <Link
      className={['utrecht-button-link', 'utrecht-button-link--html-a', `utrecht-button-link--${appearance}`, className]
        .filter(Boolean)
        .join(' ')}
      {...props}
    />
  );
}
