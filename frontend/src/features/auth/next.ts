/** Only paths inside the app, so a crafted link cannot send the user elsewhere after login. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
