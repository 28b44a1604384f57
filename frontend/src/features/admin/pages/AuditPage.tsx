import {
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
import { SelectField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { renderMessage } from '../../../lib/messages';
import { AUDIT_ACTIONS, useAuditEvents, type AuditAction, type AuditEvent } from '../api';
import { auditLink, changeRows, RESOURCE_TYPES } from '../audit';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** Who changed what, and when: newest first, filtered by kind of record and action. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const [params, updateParams] = useSearchParamUpdate();
  const resourceType = params.get('resourceType') ?? '';
  const actionParam = params.get('action');
  const action = AUDIT_ACTIONS.includes(actionParam as AuditAction) ? (actionParam as AuditAction) : undefined;
  const events = useAuditEvents({ resourceType: resourceType || undefined, action });
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const update = (key: string, value: string) => updateParams({ [key]: value });

  return (
    <>
      <PageHeading>{t('audit.title')}</PageHeading>
      <Paragraph>{t('audit.intro')}</Paragraph>
      <form aria-label={t('audit.filters')} className="kompas-filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          name="resourceType"
          label={t('audit.resourceType')}
          filter
          value={resourceType}
          onChange={(value) => update('resourceType', value)}
          error={null}
          options={[
            { value: '', label: t('audit.allResourceTypes') },
            ...RESOURCE_TYPES.map((type) => ({ value: type, label: t(`audit.resourceTypes.${type}`) })),
          ]}
        />
        <SelectField
          name="action"
          label={t('audit.action')}
          filter
          value={action ?? ''}
          onChange={(value) => update('action', value)}
          error={null}
          options={[
            { value: '', label: t('audit.allActions') },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) })),
          ]}
        />
      </form>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <LoadError error={events.error} />
      ) : events.items.length === 0 ? (
        <Paragraph role="status">{t('audit.empty')}</Paragraph>
      ) : (
        <>
          <Table className="kompas-table kompas-audit">
            <TableCaption className="visually-hidden">{t('audit.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.action')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.resourceType')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.record')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.changes')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.items.map((event) => (
                <TableRow key={event.id}>
                  <TableCell>
                    <time dateTime={event.occurredAt}>{when.format(new Date(event.occurredAt))}</time>
                  </TableCell>
                  <TableCell>{event.actorKind === 'system' ? t('audit.system') : event.actorName}</TableCell>
                  <TableCell>{t(`audit.actions.${event.action}`)}</TableCell>
                  <TableCell>{t(`audit.resourceTypes.${event.resourceType}`, { defaultValue: event.resourceType })}</TableCell>
                  <TableCell>
                    <RecordLink event={event} />
                  </TableCell>
                  <TableCell>
                    <Changes event={event} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={events} />
        </>
      )}
    </>
  );
}

function RecordLink({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const to = auditLink(event);
  const short = event.resourceId.slice(0, 8);
  if (!to) return <code title={event.resourceId}>{short}</code>;
  return (
    <RouterLink to={to} aria-label={t('audit.openRecord', { id: short })}>
      <code>{short}</code>
    </RouterLink>
  );
}

function Changes({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const rows = changeRows(event.changes);
  if (rows.length === 0) return <span className="kompas-muted">—</span>;
  return (
    <ul className="kompas-changes">
      {rows.map((row) => (
        <li key={row.field}>
          <span className="kompas-changes__field">{t(`audit.fields.${row.field}`, { defaultValue: row.field })}</span>:{' '}
          {row.secret ? (
            <em>{t('audit.secretChanged')}</em>
          ) : (
            <>
              <del className="kompas-changes__from">
                <span className="visually-hidden">{t('audit.from')} </span>
                {renderMessage(t, row.from)}
              </del>{' '}
              <span aria-hidden="true">→</span>{' '}
              <ins className="kompas-changes__to">
                <span className="visually-hidden">{t('audit.to')} </span>
                {renderMessage(t, row.to)}
              </ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
