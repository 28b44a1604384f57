import { Alert, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Shown while data loads; announced politely, without stealing focus. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <Paragraph role="status" className="kompas-loading">
      {t('common.loading')}
    </Paragraph>
  );
}

/** A failed load, in words for people: not found, not allowed, or something else. */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const message =
    status === 404 ? t('errors.notFound') : status === 403 ? t('errors.forbidden') : t('errors.loadFailed');
  return (
    <Alert type="error" role="alert">
      <Paragraph>{message}</Paragraph>
    </Alert>
  );
}
