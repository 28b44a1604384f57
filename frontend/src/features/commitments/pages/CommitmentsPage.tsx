import { Alert, Button, DataList, DataListItem, DataListKey, DataListValue, Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, withEtag } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { can } from '../../../auth/permissions';
import { Badge } from '../../../components/Badge';
import { DeleteAction } from '../../../components/DeleteAction';
import { CheckboxField, DateField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { formatDate } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { MyDataSection } from '../../personaldata/MyDataSection';
import {
  COMMITMENT_LIMITS,
  commitmentKeys,
  deleteMyCommitment,
  downloadMyCommitment,
  saveMyCommitment,
  useMyCommitment,
  useSharedCommitments,
  type Commitment,
} from '../api';
import { colleaguesOnly, EMPTY, toBody, toValues, type CommitmentValues } from '../values';
import '../commitments.css';

/** "Mijn inzet": my own commitment (private until I share it), and what colleagues shared. */
export default function CommitmentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeading>{t('commitments.title')}</PageHeading>
      <Paragraph>{t('commitments.intro')}</Paragraph>
      <p role="status" className="kompas-status">
        {status}
      </p>
      <Section id="mine" title={t('commitments.mine')}>
        <MyCommitment onStatus={setStatus} />
      </Section>
      <Section id="colleagues" title={t('commitments.colleagues')}>
        {me.data?.role === 'partner' ? <Paragraph>{t('commitments.partnerNote')}</Paragraph> : <SharedCommitments />}
      </Section>
      {can.edit(me.data?.role) && (
        <Section id="summary" title={t('commitments.summary.title')}>
          <Summary />
        </Section>
      )}
      <MyDataSection />
    </>
  );
}

function MyCommitment({ onStatus }: { onStatus: (message: string) => void }) {
  const { t } = useTranslation();
  const mine = useMyCommitment();
  const queryClient = useQueryClient();
  const [exportError, setExportError] = useState(false);
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <LoadError error={mine.error} />;
  const current = mine.data;
  const refreshShared = () => void queryClient.invalidateQueries({ queryKey: commitmentKeys.shared });
  return (
    <>
      <Paragraph className="kompas-commitment-visibility">
        {current === null ? (
          t('commitments.none')
        ) : current.data.shared ? (
          <>
            <Badge tone="progress">{t('commitments.sharedBadge')}</Badge> {t('commitments.sharedNow')}
          </>
        ) : (
          <>
            <Badge tone="muted">{t('commitments.privateBadge')}</Badge> {t('commitments.privateNow')}
          </>
        )}
      </Paragraph>
      <CommitmentForm
        key={current?.etag ?? 'new'}
        initial={current ? toValues(current.data) : EMPTY}
        etag={current?.etag ?? null}
        onSaved={(saved) => {
          queryClient.setQueryData(commitmentKeys.mine, saved);
          refreshShared();
          onStatus(saved.data.shared ? t('commitments.savedShared') : t('commitments.savedPrivate'));
        }}
      />
      {current !== null && (
        <div className="kompas-actions">
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => {
              setExportError(false);
              downloadMyCommitment().then(
                () => onStatus(t('commitments.exported')),
                () => setExportError(true),
              );
            }}
          >
            {t('commitments.export')}
          </Button>
          <DeleteAction
            name={t('commitments.mine')}
            title={t('commitments.deleteTitle')}
            body={t('commitments.deleteBody')}
            onDelete={() => deleteMyCommitment(current.etag ?? '')}
            onDeleted={() => {
              queryClient.setQueryData(commitmentKeys.mine, null);
              refreshShared();
              onStatus(t('commitments.deleted'));
            }}
          />
        </div>
      )}
      {exportError && (
        <Alert type="error" role="alert">
          <Paragraph>{t('errors.loadFailed')}</Paragraph>
        </Alert>
      )}
    </>
  );
}

function CommitmentForm({
  initial,
  etag,
  onSaved,
}: {
  initial: CommitmentValues;
  etag: string | null;
  onSaved: (saved: { data: Commitment; etag: string | null }) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      meaning: { maxLength: COMMITMENT_LIMITS.words },
      contribution: { maxLength: COMMITMENT_LIMITS.words },
      needs: { maxLength: COMMITMENT_LIMITS.words },
      step: { maxLength: COMMITMENT_LIMITS.step },
    }),
    submit: (values, currentEtag) =>
      saveMyCommitment(toBody(values), currentEtag),
    reload: async () => {
      const latest = await withEtag(api.GET('/commitments/mine'));
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: onSaved,
  });
  const labels = {
    meaning: t('commitments.fields.meaning'),
    contribution: t('commitments.fields.contribution'),
    needs: t('commitments.fields.needs'),
    step: t('commitments.fields.step'),
    stepDate: t('commitments.fields.stepDate'),
    shared: t('commitments.fields.shared'),
  };
  const latest = form.conflict.state === 'merged' ? form.conflict : null;
  const previous = (name: keyof CommitmentValues & string) =>
    latest?.fields.includes(name) ? String(latest.latest[name]) : null;
  return (
    <div className="kompas-commitment-form">
      <FormLayout form={form} labels={labels} submitLabel={t('commitments.save')}>
        <TextAreaField {...form.field('meaning')} label={labels.meaning} description={t('commitments.help.meaning')} rows={4} latest={previous('meaning')} />
        <TextAreaField {...form.field('contribution')} label={labels.contribution} description={t('commitments.help.contribution')} rows={4} latest={previous('contribution')} />
        <TextAreaField {...form.field('needs')} label={labels.needs} description={t('commitments.help.needs')} rows={4} latest={previous('needs')} />
        <TextField {...form.field('step')} label={labels.step} description={t('commitments.help.step')} latest={previous('step')} />
        <DateField {...form.field('stepDate')} label={labels.stepDate} latest={previous('stepDate')} />
        <CheckboxField {...form.field('shared')} label={labels.shared} description={t('commitments.help.shared')} />
      </FormLayout>
    </div>
  );
}

/** What colleagues shared: staff read it; a private commitment is never among them. */
function SharedCommitments() {
  const { t, i18n } = useTranslation();
  const shared = useSharedCommitments();
  const names = usePartyNames();
  if (shared.isPending) return <Loading />;
  if (shared.isError) return <LoadError error={shared.error} />;
  const others = colleaguesOnly(shared.items);
  if (others.length === 0) return <Paragraph>{t('commitments.noneShared')}</Paragraph>;
  return (
    <>
      <ul className="kompas-list kompas-commitments">
        {others.map((commitment) => (
          <li key={commitment.id}>
            <Heading3 className="kompas-list-heading">{commitment.authorName}</Heading3>
            <Paragraph className="kompas-agenda-meta">
              {t('commitments.meta', {
                party: commitment.partyId ? names.name(commitment.partyId) : t('commitments.noParty'),
                date: new Date(commitment.updatedAt).toLocaleDateString(i18n.language),
              })}
            </Paragraph>
            <DataList>
              {(['meaning', 'contribution', 'needs'] as const).map(
                (field) =>
                  commitment[field] && (
                    <DataListItem key={field}>
                      <DataListKey>{t(`commitments.fields.${field}`)}</DataListKey>
                      <DataListValue multiline>{commitment[field]}</DataListValue>
                    </DataListItem>
                  ),
              )}
              {commitment.step && (
                <DataListItem>
                  <DataListKey>{t('commitments.fields.step')}</DataListKey>
                  <DataListValue>
                    {commitment.stepDate
                      ? t('commitments.stepOn', { step: commitment.step, date: formatDate(commitment.stepDate, i18n.language) })
                      : commitment.step}
                  </DataListValue>
                </DataListItem>
              )}
            </DataList>
          </li>
        ))}
      </ul>
      <LoadMore list={shared} />
    </>
  );
}

/** Counts only, for the core team: how many people made a commitment, per party. */
function Summary() {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: [...commitmentKeys.all, 'summary'],
    queryFn: () => unwrap(api.GET('/commitments/summary')),
  });
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <LoadError error={summary.error} />;
  const { people, shared, parties } = summary.data;
  return (
    <>
      <Paragraph>{t('commitments.summary.total', { count: people, shared })}</Paragraph>
      {parties.length > 0 && (
        <UnorderedList>
          {parties.map((party) => (
            <UnorderedListItem key={party.partyId ?? 'none'}>
              {t('commitments.summary.party', {
                party: party.partyName ?? t('commitments.noParty'),
                count: party.people,
                shared: party.shared,
              })}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </>
  );
}
