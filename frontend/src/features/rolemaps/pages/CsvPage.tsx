import { Alert, Button, Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { PageHeading } from '../../../components/PageHeading';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { exportCsv, importCsv, roleMapKeys, useMatrix, useRoleMap, type CsvImportResult } from '../api';
import { CSV_CODES, CSV_COLUMNS, csvProblems, fileNameOf, type CsvProblem } from '../csv';
import { AGREED } from '../matrix';
import { mayImport } from '../permissions';
import '../rolemaps.css';

type ImportOutcome =
  | { kind: 'done'; result: CsvImportResult }
  | { kind: 'refused'; problems: CsvProblem[]; detail: string | null; status: number }
  | { kind: 'network' };

/** A map as CSV: download it, fill in a view in a spreadsheet, and import it again. */
export default function CsvPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const map = useRoleMap(id);
  const title = map.data?.data.title ?? '';
  const [downloading, setDownloading] = useState(false);
  const [downloadStatus, setDownloadStatus] = useState<{ ok: boolean; text: string } | null>(null);

  // A member or partner fills in its own party's view: that export imports back as it is.
  const ownParty = me.data?.partyId && (me.data.role === 'member' || me.data.role === 'partner') ? me.data.partyId : null;
  const ownView = ownParty && map.data?.data.partyIds.includes(ownParty) ? ownParty : null;

  const download = async (perspective?: string) => {
    setDownloading(true);
    setDownloadStatus(null);
    try {
      const { blob, contentDisposition } = await exportCsv(id, perspective);
      const name = fileNameOf(contentDisposition, `rolkaart-${id}.csv`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownloadStatus({ ok: true, text: t('roleMaps.csv.downloaded', { name }) });
    } catch {
      setDownloadStatus({ ok: false, text: t('roleMaps.csv.downloadFailed') });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <PageHeading title={t('roleMaps.csv.title', { map: title })}>{t('roleMaps.csv.title', { map: title })}</PageHeading>
      <Paragraph>
        <RouterLink to={`/role-maps/${id}`}>{t('roleMaps.backToMap')}</RouterLink>
      </Paragraph>
      <Section id="export" title={t('roleMaps.csv.exportHeading')}>
        <Paragraph>{t('roleMaps.csv.exportText')}</Paragraph>
        {ownView && (
          <Button type="button" appearance="primary-action-button" busy={downloading} disabled={downloading} onClick={() => void download(ownView)}>
            {t('roleMaps.csv.downloadOwn')}
          </Button>
        )}{' '}
        <Button type="button" appearance="secondary-action-button" busy={downloading} disabled={downloading} onClick={() => void download()}>
          {t('roleMaps.csv.download')}
        </Button>
        <p role={downloadStatus && !downloadStatus.ok ? 'alert' : 'status'} className={downloadStatus ? 'kompas-status' : 'visually-hidden'}>
          {downloadStatus?.text ?? ''}
        </p>
      </Section>
      {mayImport(me.data) && <ImportSection mapId={id} />}
    </>
  );
}

function ImportSection({ mapId }: { mapId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const matrix = useMatrix(mapId, AGREED);
  const partyNames = new Map((matrix.data?.parties ?? []).map((party) => [party.id, party.name]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    setOutcome(null);
    setMissing(!file);
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await importCsv(mapId, await file.text());
      setOutcome({ kind: 'done', result });
      await queryClient.invalidateQueries({ queryKey: roleMapKeys.one(mapId) });
    } catch (error) {
      setOutcome(
        error instanceof ApiError
          ? { kind: 'refused', problems: csvProblems(error.problem), detail: error.problem?.detail ?? null, status: error.status }
          : { kind: 'network' },
      );
    } finally {
      setBusy(false);
      requestAnimationFrame(() => outcomeRef.current?.focus());
    }
  };

  const describe = (problem: CsvProblem) => {
    const where =
      problem.line !== null
        ? t('roleMaps.csv.line', { line: problem.line })
        : problem.perspective
          ? t('roleMaps.matrix.partyView', { party: partyNames.get(problem.perspective) ?? problem.perspective })
          : t('roleMaps.csv.wholeFile');
    const column =
      problem.column && (CSV_COLUMNS as readonly string[]).includes(problem.column)
        ? ` (${t(`roleMaps.csv.columns.${problem.column}`)})`
        : '';
    const known = (CSV_CODES as readonly string[]).includes(problem.code);
    return (
      <>
        <strong>
          {where}
          {column}:
        </strong>{' '}
        {/* Our words where we have them; else the API's own (English). */}
        {known ? t(`roleMaps.csv.codes.${problem.code}`) : <span lang="en">{problem.reason}</span>}
      </>
    );
  };

  return (
    <Section id="import" title={t('roleMaps.csv.importHeading')}>
      <Paragraph>{t('roleMaps.csv.importText')}</Paragraph>
      <form onSubmit={(event) => void submit(event)} className="kompas-form" noValidate>
        <div className="utrecht-form-field kompas-field">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={inputId}>
              {t('roleMaps.csv.file')}
            </label>
          </div>
          {missing && (
            <p id={`${inputId}-error`} className="utrecht-form-field-error-message">
              {t('roleMaps.csv.chooseFile')}
            </p>
          )}
          <input
            ref={fileRef}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${inputId}-error` : undefined}
            onChange={() => setMissing(false)}
          />
        </div>
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t('roleMaps.csv.import')}
        </Button>
      </form>
      <div ref={outcomeRef} tabIndex={-1} className="kompas-form-messages kompas-csv-outcome">
        {outcome?.kind === 'done' && (
          <Alert type="ok" role="status">
            <Paragraph>
              {t('roleMaps.csv.imported', {
                rows: outcome.result.rows,
                views: outcome.result.viewsReplaced,
                tasks: outcome.result.tasksCreated,
              })}
            </Paragraph>
          </Alert>
        )}
        {outcome?.kind === 'network' && (
          <Alert type="error" role="alert">
            <Paragraph>{t('errors.network')}</Paragraph>
          </Alert>
        )}
        {outcome?.kind === 'refused' && (
          <Alert type="error" role="alert">
            <Heading3>{t('roleMaps.csv.failed', { count: Math.max(outcome.problems.length, 1) })}</Heading3>
            <Paragraph>{t('roleMaps.csv.nothingChanged')}</Paragraph>
            {outcome.problems.length > 0 ? (
              <UnorderedList className="kompas-csv-problems">
                {outcome.problems.map((problem, index) => (
                  <UnorderedListItem key={index}>{describe(problem)}</UnorderedListItem>
                ))}
              </UnorderedList>
            ) : (
              <Paragraph>
                {outcome.status === 403 ? t('errors.forbidden') : outcome.detail ? <span lang="en">{outcome.detail}</span> : t('errors.unexpected')}
              </Paragraph>
            )}
          </Alert>
        )}
      </div>
    </Section>
  );
}
