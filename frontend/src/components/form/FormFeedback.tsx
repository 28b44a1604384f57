import { Alert, Button, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMessage, type FieldErrors, type Message } from '../../lib/messages';
import { fieldId } from './fields';
import type { ConflictState } from './useForm';

/**
 * Above the form: what went wrong, with a link to each field in error. It takes the focus after
 * a failed submit, so keyboard and screen reader users land on it.
 */
export function FormMessages<T>({
  errors,
  general,
  summaryRef,
  labels,
  conflict,
  onReload,
}: {
  errors: FieldErrors;
  general: Message[];
  summaryRef: RefObject<HTMLDivElement | null>;
  labels: Record<string, string>;
  conflict: ConflictState<T>;
  onReload: () => void;
}) {
  if (Object.keys(errors).length === 0 && general.length === 0 && conflict.state === 'none') return null;
  return (
    <div ref={summaryRef} tabIndex={-1} className="kompas-form-messages">
      <ConflictNotice conflict={conflict} onReload={onReload} />
      <ErrorSummary errors={errors} general={general} labels={labels} />
    </div>
  );
}

function ErrorSummary({
  errors,
  general,
  labels,
}: {
  errors: FieldErrors;
  general: Message[];
  labels: Record<string, string>;
}) {
  const { t } = useTranslation();
  const fields = Object.entries(errors);
  if (fields.length === 0 && general.length === 0) return null;
  return (
    <div className="kompas-error-summary">
      <Alert type="error">
        <Heading2 id="error-summary-heading">{t('form.errorSummary')}</Heading2>
        <UnorderedList>
          {general.map((message, index) => (
            <UnorderedListItem key={`general-${index}`}>{renderMessage(t, message)}</UnorderedListItem>
          ))}
          {fields.map(([name, message]) => (
            <UnorderedListItem key={name}>
              <a className="utrecht-link utrecht-link--html-a" href={`#${fieldId(name)}`}>
                {labels[name] ?? name}: {renderMessage(t, message)}
              </a>
            </UnorderedListItem>
          ))}
        </UnorderedList>
      </Alert>
    </div>
  );
}

/** After a 412: say that someone else saved first, and offer to load their version. */
function ConflictNotice<T>({ conflict, onReload }: { conflict: ConflictState<T>; onReload: () => void }) {
  const { t } = useTranslation();
  if (conflict.state === 'none') return null;
  if (conflict.state === 'stale') {
    return (
      <Alert type="warning" role="alert" className="kompas-conflict">
        <Heading2>{t('conflict.title')}</Heading2>
        <Paragraph>{t('conflict.explanation')}</Paragraph>
        <Button appearance="secondary-action-button" type="button" onClick={onReload}>
          {t('conflict.reload')}
        </Button>
      </Alert>
    );
  }
  return (
    <Alert type="info" role="status" className="kompas-conflict">
      <Paragraph>
        {conflict.fields.length === 0 ? t('conflict.mergedClean') : t('conflict.mergedWithDifferences', { count: conflict.fields.length })}
      </Paragraph>
    </Alert>
  );
}
