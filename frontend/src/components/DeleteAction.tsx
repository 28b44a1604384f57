import { Button, Paragraph } from '@utrecht/component-library-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteProblem, type DeleteProblem } from '../lib/deleteProblem';
import { renderMessage } from '../lib/messages';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * A delete (or revoke) button with a confirmation dialog. `onDelete` sends the DELETE with
 * If-Match; when the API refuses (409: still referred to, 412: changed meanwhile) the dialog
 * stays open and says why.
 */
export function DeleteAction({
  name,
  onDelete,
  onDeleted,
  buttonLabel,
  title,
  body,
  confirmLabel,
}: {
  /** What is deleted, as the user knows it. */
  name: string;
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
  buttonLabel?: string;
  title?: string;
  body?: string;
  confirmLabel?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<DeleteProblem | null>(null);
  const close = useCallback(() => {
    setOpen(false);
    setProblem(null);
  }, []);

  const confirm = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await onDelete();
      setOpen(false);
      onDeleted();
    } catch (error) {
      setProblem(deleteProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        type="button"
        appearance="secondary-action-button"
        hint="danger"
        aria-label={`${buttonLabel ?? t('delete.button')}: ${name}`}
        onClick={() => setOpen(true)}
      >
        {buttonLabel ?? t('delete.button')}
      </Button>
      <ConfirmDialog
        open={open}
        title={title ?? t('delete.title', { name })}
        confirmLabel={confirmLabel ?? t('delete.confirm')}
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={close}
        error={
          problem && (
            <>
              <Paragraph>{renderMessage(t, problem.message)}</Paragraph>
              {problem.detail && <Paragraph lang="en">{problem.detail}</Paragraph>}
            </>
          )
        }
      >
        {body ?? t('delete.body')}
      </ConfirmDialog>
    </>
  );
}
