import { Alert, Button, ButtonGroup, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal confirmation on the native <dialog>: the browser keeps focus inside it and closes it
 * on Escape. Focus goes to the safe choice (cancel) when it opens and back to what opened it when
 * it closes. An error (such as the API's 409) is shown inside, so the user can read it and cancel.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy = false,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<Element | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // Whichever way it closes (Escape, a button), focus returns to what opened it.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onNativeClose = () => {
      const target = returnTo.current;
      if (target instanceof HTMLElement && target.isConnected) target.focus();
      onClose();
    };
    dialog.addEventListener('close', onNativeClose);
    return () => dialog.removeEventListener('close', onNativeClose);
  }, [onClose]);

  return (
    <dialog ref={ref} className="kompas-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
      <Heading2 id={`${id}-title`}>{title}</Heading2>
      <div id={`${id}-body`}>{typeof children === 'string' ? <Paragraph>{children}</Paragraph> : children}</div>
      {error && (
        <Alert type="error" role="alert" className="kompas-dialog__error">
          {typeof error === 'string' ? <Paragraph>{error}</Paragraph> : error}
        </Alert>
      )}
      <ButtonGroup className="kompas-form-actions">
        <Button type="button" appearance="primary-action-button" hint="danger" busy={busy} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button ref={cancelRef} type="button" appearance="secondary-action-button" onClick={() => ref.current?.close()}>
          {t('form.cancel')}
        </Button>
      </ButtonGroup>
    </dialog>
  );
}
