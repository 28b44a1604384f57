import {
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';
import { clarityPercent, FINDING_KINDS, LETTERS, RACI, type Analysis, type Finding } from '../matrix';

/** The explanation of a finding in the language of the page (the API gives Dutch and English). */
export function useExplain() {
  const { i18n } = useTranslation();
  return (finding: Finding) => (i18n.language === 'en' ? finding.explanation.en : finding.explanation.nl);
}

/** One finding: its kind as a label (text, not colour) and its explanation. */
export function FindingLine({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const explain = useExplain();
  return (
    <>
      <Badge tone="progress">{t(`roleMaps.findingKinds.${finding.kind}`)}</Badge> {explain(finding)}
    </>
  );
}

/** Every task with findings, with each finding's explanation; the matrix links to these. */
export function FindingsList({ analysis, taskTitles }: { analysis: Analysis; taskTitles: Map<string, string> }) {
  const { t } = useTranslation();
  const unclear = analysis.tasks.filter((task) => task.findings.length > 0);
  if (unclear.length === 0) return <Paragraph>{t('roleMaps.findings.none')}</Paragraph>;
  return (
    <ul className="kompas-list kompas-findings">
      {unclear.map((task) => (
        <li key={task.taskId} id={`finding-${task.taskId}`} tabIndex={-1}>
          <Heading3>{taskTitles.get(task.taskId) ?? t('roleMaps.snapshots.deletedTask')}</Heading3>
          <ul className="kompas-findings__items">
            {task.findings.map((finding, index) => (
              <li key={`${finding.kind}-${index}`}>
                <FindingLine finding={finding} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** Clarity, the findings per kind and each party's load in the agreed view. */
export function AnalysisSummary({ analysis, partyNames }: { analysis: Analysis; partyNames: Map<string, string> }) {
  const { t } = useTranslation();
  const percent = clarityPercent(analysis.summary.clarity);
  return (
    <>
      <Paragraph className="kompas-clarity">
        <strong>{t('roleMaps.summary.clarity')}:</strong> {t('roleMaps.summary.clarityValue', { percent })}
      </Paragraph>
      <div className="kompas-clarity__bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </div>
      <div className="kompas-summary-tables">
        <Table className="kompas-table">
          <TableCaption>{t('roleMaps.summary.counts')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('roleMaps.summary.kind')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('roleMaps.summary.count')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {FINDING_KINDS.map((kind) => (
              <TableRow key={kind}>
                <TableHeaderCell scope="row">{t(`roleMaps.findingKinds.${kind}`)}</TableHeaderCell>
                <TableCell>{analysis.summary.counts[kind] ?? 0}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Table className="kompas-table">
          <TableCaption>{t('roleMaps.summary.load')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('roleMaps.summary.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('roleMaps.summary.accountable')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('roleMaps.summary.responsible')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...analysis.summary.load]
              .sort((a, b) => (partyNames.get(a.partyId) ?? a.partyId).localeCompare(partyNames.get(b.partyId) ?? b.partyId))
              .map((load) => (
              <TableRow key={load.partyId}>
                <TableHeaderCell scope="row">{partyNames.get(load.partyId) ?? load.partyId}</TableHeaderCell>
                <TableCell>{load.accountable}</TableCell>
                <TableCell>{load.responsible}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}

/** What R, A, C and I mean, above the matrix. */
export function RaciLegend() {
  const { t } = useTranslation();
  return (
    <dl className="kompas-raci-legend">
      {RACI.map((role) => (
        <div key={role}>
          <dt>
            <span className={`kompas-raci kompas-raci--${role}`} aria-hidden="true">
              {LETTERS[role]}
            </span>{' '}
            {t(`roleMaps.raci.${role}`)}
          </dt>
          <dd>{t(`roleMaps.raciHelp.${role}`)}</dd>
        </div>
      ))}
    </dl>
  );
}
