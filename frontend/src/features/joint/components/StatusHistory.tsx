import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '../../../components/LoadMore';
import { LoadError, Loading } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { useStatusChanges, type Subject } from '../api';
import { formatDateTime } from '../format';

/** The status history of an agenda item or a question; `statusLabel` names a status. */
export function StatusHistory({ subject, statusLabel }: { subject: Subject; statusLabel: (status: string) => string }) {
  const { t, i18n } = useTranslation();
  const history = useStatusChanges(subject);
  return (
    <Section id="status-history" title={t('agenda.statusHistory')}>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <LoadError error={history.error} />
      ) : (
        <>
          <Table>
            <TableCaption className="visually-hidden">{t('agenda.statusHistory')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('agenda.handoff.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.statusStep')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.reason')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('agenda.changedBy')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.items.map((change) => (
                <TableRow key={change.id}>
                  <TableCell>{formatDateTime(change.changedAt, i18n.language)}</TableCell>
                  <TableCell>
                    {change.fromStatus
                      ? t('agenda.fromTo', { from: statusLabel(change.fromStatus), to: statusLabel(change.toStatus) })
                      : t('agenda.startedAs', { status: statusLabel(change.toStatus) })}
                  </TableCell>
                  <TableCell>{change.reason || '—'}</TableCell>
                  <TableCell>{change.changedBy}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={history} />
        </>
      )}
    </Section>
  );
}
