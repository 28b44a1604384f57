import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';

export type Reason = 'too-few-answers' | 'protects-another-group' | null;

/**
 * In place of the figures of a group below the minimum: "Te weinig antwoorden om te tonen", and
 * why — anonymity, and the minimum group size k the API applies.
 */
export function Suppressed({ reason, minGroup, openAnswers = false }: { reason: Reason; minGroup: number; openAnswers?: boolean }) {
  const { t } = useTranslation();
  const why = openAnswers
    ? t('reflection.suppressed.openAnswers', { k: minGroup, twice: 2 * minGroup })
    : reason === 'protects-another-group'
      ? t('reflection.suppressed.protects', { k: minGroup })
      : t('reflection.suppressed.tooFew', { k: minGroup });
  return (
    <div className="kompas-suppressed">
      <Paragraph className="kompas-suppressed__title">{t('reflection.suppressed.title')}</Paragraph>
      <Paragraph>{why}</Paragraph>
    </div>
  );
}
