import { Button, ButtonGroup } from '@utrecht/component-library-react';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonRouterLink } from '../RouterLink';
import { FormMessages } from './FormFeedback';
import type { FieldErrors, Message } from '../../lib/messages';
import type { ConflictState } from './useForm';

/** The parts of a `useForm` result that the layout needs, whatever the form's values. */
interface FormChrome {
  onSubmit: (event: FormEvent) => void;
  errors: FieldErrors;
  general: Message[];
  summaryRef: RefObject<HTMLDivElement | null>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  conflict: ConflictState<any>;
  reloadLatest: () => void;
  submitting: boolean;
}

/** A form as every Kompas page shows it: messages on top, fields, then save and cancel. */
export function FormLayout({
  form,
  labels,
  cancelTo,
  onCancel,
  submitLabel,
  children,
}: {
  form: FormChrome;
  labels: Record<string, string>;
  /** Where "Annuleren" leads; or `onCancel` for a form inside a page. */
  cancelTo?: string;
  onCancel?: () => void;
  submitLabel?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form noValidate onSubmit={form.onSubmit} className="kompas-form">
      <FormMessages
        errors={form.errors}
        general={form.general}
        summaryRef={form.summaryRef}
        labels={labels}
        conflict={form.conflict}
        onReload={form.reloadLatest}
      />
      {children}
      <ButtonGroup className="kompas-form-actions">
        <Button type="submit" appearance="primary-action-button" busy={form.submitting} disabled={form.submitting}>
          {submitLabel ?? t('form.save')}
        </Button>
        {onCancel ? (
          <Button type="button" appearance="subtle-button" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
        ) : (
          cancelTo && (
            <ButtonRouterLink to={cancelTo} appearance="subtle">
              {t('form.cancel')}
            </ButtonRouterLink>
          )
        )}
      </ButtonGroup>
    </form>
  );
}
