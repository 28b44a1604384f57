import { Button, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { eraseUser } from '../../personaldata/api';

/**
 * "Persoon wissen" (AVG art. 17): a confirmation that says what goes and what stays, then the
 * erasure. When the API refuses (409: the last admin, or erased already) the dialog stays open and
 * says why, with the API's own words beneath.
 */
export function EraseUserAction({ user, onErased }: { user: { id: string; name: string }; onErased: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; detail: string | null } | null>(null);
  const close = useCallback(() => {
    setOpen(false);
    setProblem(null);
  }, []);
  const confirm = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await eraseUser(user.id);
      setOpen(false);
      onErased();
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      setProblem({
        message: t(status === 409 ? 'personalData.erase.conflict' : status === 404 ? 'delete.gone' : 'errors.unexpected'),
        detail: error instanceof ApiError ? (error.problem?.detail ?? null) : null,
      });
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
        aria-label={`${t('personalData.erase.button')}: ${user.name}`}
        onClick={() => setOpen(true)}
      >
        {t('personalData.erase.button')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('personalData.erase.title', { name: user.name })}
        confirmLabel={t('personalData.erase.confirm')}
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={close}
        error={
          problem && (
            <>
              <Paragraph>{problem.message}</Paragraph>
              {problem.detail && <Paragraph lang="en">{problem.detail}</Paragraph>}
            </>
          )
        }
      >
        <Paragraph>{t('personalData.erase.goes', { name: user.name })}</Paragraph>
        <UnorderedList>
          <UnorderedListItem>{t('personalData.erase.goesAccount')}</UnorderedListItem>
          <UnorderedListItem>{t('personalData.erase.goesCommitment')}</UnorderedListItem>
        </UnorderedList>
        <Paragraph>{t('personalData.erase.stays')}</Paragraph>
        <UnorderedList>
          <UnorderedListItem>{t('personalData.erase.staysWork')}</UnorderedListItem>
          <UnorderedListItem>{t('personalData.erase.staysAudit')}</UnorderedListItem>
        </UnorderedList>
        <Paragraph>
          <strong>{t('personalData.erase.final')}</strong>
        </Paragraph>
      </ConfirmDialog>
    </>
  );
}
