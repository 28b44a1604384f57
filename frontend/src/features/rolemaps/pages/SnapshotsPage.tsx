import {
  Button,
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
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import { SelectField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { LIMITS } from '../../../lib/validation';
import { roleMapKeys, takeSnapshot, useComparison, useMatrix, useRoleMap, useSnapshots, type Comparison, type Snapshot } from '../api';
import { FindingLine } from '../components/Findings';
import { AGREED, clarityPercent } from '../matrix';
import '../rolemaps.css';

const CURRENT = 'current';

/** Snapshots of a map: take one (coordinators), list them, and compare two moments side by side. */
export default function SnapshotsPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const map = useRoleMap(id);
  const snapshots = useSnapshots(id);
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const title = map.data?.data.title ?? '';
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const [status, setStatus] = useState('');
  const [round, setRound] = useState(0);
  const statusRef = useRef<HTMLParagraphElement>(null);

  return (
    <>
      <PageHeading title={t('roleMaps.snapshots.title', { map: title })}>{t('roleMaps.snapshots.title', { map: title })}</PageHeading>
      <Paragraph>
        <RouterLink to={`/role-maps/${id}`}>{t('roleMaps.backToMap')}</RouterLink>
      </Paragraph>
      <Paragraph>{t('roleMaps.snapshots.intro')}</Paragraph>

      {can.edit(me.data?.role) && (
        <Section id="take" title={t('roleMaps.snapshots.take')}>
          <TakeSnapshotForm
            key={round}
            mapId={id}
            onTaken={(label) => {
              setStatus(t('roleMaps.snapshots.taken', { label }));
              setRound((n) => n + 1);
              requestAnimationFrame(() => statusRef.current?.focus());
            }}
          />
        </Section>
      )}
      <p ref={statusRef} tabIndex={-1} role="status" className={status ? 'kompas-status' : 'visually-hidden'}>
        {status}
      </p>

      <Section id="list" title={t('roleMaps.snapshots.list')}>
        {snapshots.isPending ? (
          <Loading />
        ) : snapshots.isError ? (
          <LoadError error={snapshots.error} />
        ) : snapshots.items.length === 0 ? (
          <Paragraph>{t('roleMaps.snapshots.empty')}</Paragraph>
        ) : (
          <>
            <Table className="kompas-table">
              <TableCaption className="visually-hidden">{t('roleMaps.snapshots.list')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('roleMaps.snapshots.columns.label')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('roleMaps.snapshots.columns.createdAt')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('roleMaps.snapshots.columns.clarity')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {snapshots.items.map((snapshot) => (
                  <TableRow key={snapshot.id}>
                    <TableHeaderCell scope="row">{snapshot.label}</TableHeaderCell>
                    <TableCell>{when.format(new Date(snapshot.createdAt))}</TableCell>
                    <TableCell>{clarityPercent(snapshot.clarity)}%</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore list={snapshots} />
          </>
        )}
      </Section>

      {snapshots.items.length > 0 && (
        <Section id="compare" title={t('roleMaps.snapshots.compareHeading')}>
          <CompareForm
            key={`${from}-${to}`}
            snapshots={snapshots.items}
            from={from}
            to={to}
            onCompare={(nextFrom, nextTo) => setParams({ from: nextFrom, to: nextTo }, { replace: true })}
          />
          {from && to && <ComparisonResult mapId={id} from={from} to={to} snapshots={snapshots.items} />}
        </Section>
      )}
    </>
  );
}

function TakeSnapshotForm({ mapId, onTaken }: { mapId: string; onTaken: (label: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initial: { label: '' },
    rules: () => ({ label: { required: true, maxLength: LIMITS.name } }),
    submit: (values) => takeSnapshot(mapId, values.label.trim()),
    onSuccess: (snapshot) => {
      void queryClient.invalidateQueries({ queryKey: roleMapKeys.snapshots(mapId) });
      onTaken(snapshot.label);
    },
  });
  const labels = { label: t('roleMaps.snapshots.label') };
  return (
    <FormLayout form={form} labels={labels} submitLabel={t('roleMaps.snapshots.take')}>
      <TextField {...form.field('label')} label={labels.label} description={t('roleMaps.snapshots.labelHelp')} required />
    </FormLayout>
  );
}

function CompareForm({
  snapshots,
  from,
  to,
  onCompare,
}: {
  snapshots: Snapshot[];
  from: string;
  to: string;
  onCompare: (from: string, to: string) => void;
}) {
  const { t } = useTranslation();
  // Newest first: by default compare the oldest with the newest.
  const [chosenFrom, setFrom] = useState(from || snapshots[snapshots.length - 1].id);
  const [chosenTo, setTo] = useState(to || (snapshots.length > 1 ? snapshots[0].id : CURRENT));
  const same = chosenFrom === chosenTo;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!same) onCompare(chosenFrom, chosenTo);
  };
  const options = snapshots.map((snapshot) => ({ value: snapshot.id, label: snapshot.label }));
  return (
    <form onSubmit={submit} className="kompas-filters" aria-label={t('roleMaps.snapshots.compareHeading')}>
      <SelectField name="from" label={t('roleMaps.snapshots.from')} filter value={chosenFrom} onChange={setFrom} error={null} options={options} />
      <SelectField
        name="to"
        label={t('roleMaps.snapshots.to')}
        filter
        value={chosenTo}
        onChange={setTo}
        error={same ? { key: 'roleMaps.snapshots.sameMoment' } : null}
        options={[...options, { value: CURRENT, label: t('roleMaps.snapshots.current') }]}
      />
      <Button type="submit" appearance="secondary-action-button" disabled={same}>
        {t('roleMaps.snapshots.compareButton')}
      </Button>
    </form>
  );
}

function ComparisonResult({ mapId, from, to, snapshots }: { mapId: string; from: string; to: string; snapshots: Snapshot[] }) {
  const { t } = useTranslation();
  const comparison = useComparison(mapId, from, to);
  // Task titles of the map as it is now; a task deleted since shows as such.
  const matrix = useMatrix(mapId, AGREED);
  const titles = new Map((matrix.data?.rows ?? []).map((row) => [row.taskId, row.title]));
  const labelOf = (value: string) =>
    value === CURRENT ? t('roleMaps.snapshots.current') : (snapshots.find((s) => s.id === value)?.label ?? value);
  if (comparison.isPending) return <Loading />;
  if (comparison.isError) return <LoadError error={comparison.error} />;
  const result: Comparison = comparison.data;
  return (
    <div aria-live="polite">
      <Heading3>{t('roleMaps.snapshots.result', { from: labelOf(from), to: labelOf(to) })}</Heading3>
      <Paragraph className="kompas-status">
        {t('roleMaps.snapshots.clarityChange', {
          before: clarityPercent(result.clarityBefore),
          after: clarityPercent(result.clarityAfter),
        })}
      </Paragraph>
      <div className="kompas-comparison">
        <ChangedList
          title={t('roleMaps.snapshots.resolved', { count: result.resolved.length })}
          empty={t('roleMaps.snapshots.noneResolved')}
          items={result.resolved}
          titles={titles}
        />
        <ChangedList
          title={t('roleMaps.snapshots.new', { count: result.new.length })}
          empty={t('roleMaps.snapshots.noneNew')}
          items={result.new}
          titles={titles}
        />
      </div>
      <Paragraph>{t('roleMaps.snapshots.unchanged', { count: result.unchanged })}</Paragraph>
    </div>
  );
}

function ChangedList({
  title,
  empty,
  items,
  titles,
}: {
  title: string;
  empty: string;
  items: Comparison['resolved'];
  titles: Map<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <section aria-label={title}>
      <h4 className="utrecht-heading-4">{title}</h4>
      {items.length === 0 ? (
        <Paragraph>{empty}</Paragraph>
      ) : (
        <ul className="kompas-list kompas-findings">
          {items.map((item, index) => (
            <li key={`${item.taskId}-${item.finding.kind}-${index}`}>
              <strong>{titles.get(item.taskId) ?? t('roleMaps.snapshots.deletedTask')}</strong>
              <div>
                <FindingLine finding={item.finding} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
