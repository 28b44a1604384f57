import { Button, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { ConfirmDialog } from '../../../components/ConfirmDialog';

/**
 * A button that asks first (open, close, release). When the API refuses, the dialog stays open
 * and says why: our explanation for the status, with the API's own words beneath it.
 */
export function ConfirmAction({
  label,
  title,
  body,
  confirmLabel,
  run,
  explain,
  primary = false,
}: {
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  run: () => Promise<unknown>;
  /** Our text for a refusal with this status, or null for the general one. */
  explain: (status: number) => string | null;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; detail: string | null } | null>(null);
  const confirm = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await run();
      setOpen(false);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      const detail = error instanceof ApiError ? (error.problem?.detail ?? null) : null;
      setProblem({ text: explain(status) ?? (status === 0 ? t('errors.network') : t('errors.saveFailed')), detail });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="button" appearance={primary ? 'primary-action-button' : 'secondary-action-button'} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => {
          setOpen(false);
          setProblem(null);
        }}
        error={
          problem && (
            <>
              <Paragraph>{problem.text}</Paragraph>
              {problem.detail && <Paragraph lang="en">{problem.detail}</Paragraph>}
            </>
          )
        }
      >
        {body}
      </ConfirmDialog>
    </>
  );
}
