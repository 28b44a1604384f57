import type { TFunction } from 'i18next';

/**
 * A message for the user that is either an i18n key (our own texts) or a text from the API,
 * which has no Dutch version yet. Kept apart from the translation call so logic stays testable.
 */
export type Message = { key: string; params?: Record<string, string | number> } | { text: string };

export function renderMessage(t: TFunction, message: Message): string {
  return 'key' in message ? t(message.key, message.params) : message.text;
}

/** Field path (camelCase, dot-separated, as in `invalidParams[].name`) → message. */
export type FieldErrors = Record<string, Message>;
