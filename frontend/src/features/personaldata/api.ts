import { api, unwrap } from '../../api';

/** What the API gives an erased person's account instead of its e-mail address (personaldata/service.py). */
export const ERASED_EMAIL_PREFIX = 'erased:';

export const isErased = (user: { email: string }) => user.email.startsWith(ERASED_EMAIL_PREFIX);

/** The file name of the download: kompas-mijn-gegevens-20261207.json (the day it was made). */
export function personalDataFileName(generatedAt: string): string {
  return `kompas-mijn-gegevens-${generatedAt.slice(0, 10).replaceAll('-', '')}.json`;
}

/** Everything Kompas holds about me (AVG art. 15), saved by the browser as a JSON file. */
export async function downloadMyData(): Promise<string> {
  const data = await unwrap(api.GET('/me/data'));
  const name = personalDataFileName(data.generatedAt);
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
  return name;
}

/** Erase a person (AVG art. 17; admins): what goes and what stays is in docs/personal-data.md. */
export const eraseUser = (userId: string) => unwrap(api.POST('/users/{userId}/erase', { params: { path: { userId } } }));
