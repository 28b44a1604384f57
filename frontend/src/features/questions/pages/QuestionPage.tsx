import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, mapProblemToFields } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { Badge } from '../../../components/Badge';
import { SelectField, TextAreaField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { renderMessage, type FieldErrors, type Message } from '../../../lib/messages';
import { LIMITS } from '../../../lib/validation';
import { useLinkedTitles } from '../../agenda/api';
import { BallBadges } from '../../agenda/components/AgendaBadges';
import { formatDateTime } from '../../agenda/format';
import { usePartyNames } from '../../agenda/usePartyNames';
import { useDrivers } from '../../compass/api';
import { CONTRIBUTION_KINDS, addContribution, questionKeys, useContributions, useQuestion, type ContributionKind, type Question } from '../api';
import { contributionParties } from '../contributing';
import '../../agenda/agenda.css';

/** One joint question: why it matters, who takes part, what the parties contributed, and where it led. */
export default function QuestionPage() {
  const { id = '' } = useParams();
  const question = useQuestion(id);
  if (question.isPending) return <Loading />;
  if (question.isError) return <LoadError error={question.error} />;
  return <QuestionDetails key={id} question={question.data.data} />;
}

function QuestionDetails({ question }: { question: Question }) {
  const { t, i18n } = useTranslation();
  const names = usePartyNames();
  const drivers = useDrivers();
  const contributions = useContributions(question.id);
  const agendaTitles = useLinkedTitles('agenda-items', question.agendaItemIds);
  const successTitles = useLinkedTitles('successes', question.successIds);
  const driverTitle = new Map(drivers.items.map((d) => [d.id, d.title]));
  const lng = i18n.language;

  return (
    <>
      <PageHeading>{question.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/questions">{t('questions.backToList')}</RouterLink>
      </Paragraph>
      <Paragraph className="kompas-badges">
        <Badge>{t(`questions.statuses.${question.status}`)}</Badge>
        <BallBadges item={question} partyName={names.name} />
      </Paragraph>

      <Section id="details" title={t('agenda.details')}>
        <DataList>
          <DataListItem>
            <DataListKey>{t('questions.rationale')}</DataListKey>
            <DataListValue>{question.rationale || '—'}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('questions.findings')}</DataListKey>
            <DataListValue>{question.findings || t('questions.noFindings')}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.leadParty')}</DataListKey>
            <DataListValue>{names.name(question.leadPartyId)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.ballHolder')}</DataListKey>
            <DataListValue>{names.name(question.ballHolderId)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('agenda.updatedAt')}</DataListKey>
            <DataListValue>{formatDateTime(question.updatedAt, lng)}</DataListValue>
          </DataListItem>
        </DataList>
      </Section>

      <Section id="participants" title={t('agenda.participants')}>
        {question.participants.length === 0 ? (
          <Paragraph>{t('agenda.noParticipants')}</Paragraph>
        ) : (
          <UnorderedList>
            {question.participants.map((p) => (
              <UnorderedListItem key={p.partyId}>
                {names.name(p.partyId)}: {t(`agenda.levels.${p.level}`)}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Section>

      <Section id="chain" title={t('agenda.chain')}>
        <Heading3>{t('agenda.drivers')}</Heading3>
        {question.driverIds.length === 0 ? (
          <Paragraph>{t('agenda.noDrivers')}</Paragraph>
        ) : (
          <UnorderedList>
            {question.driverIds.map((driverId) => (
              <UnorderedListItem key={driverId}>
                <RouterLink to="/compass">{driverTitle.get(driverId) ?? t('agenda.unknownDriver')}</RouterLink>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
        <Heading3>{t('questions.agendaItems')}</Heading3>
        {question.agendaItemIds.length === 0 ? (
          <Paragraph>{t('questions.noAgendaItems')}</Paragraph>
        ) : (
          <UnorderedList>
            {question.agendaItemIds.map((itemId, index) => (
              <UnorderedListItem key={itemId}>
                <RouterLink to={`/agenda/${itemId}`}>{agendaTitles.get(itemId) ?? t('questions.agendaItemN', { n: index + 1 })}</RouterLink>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
        <Heading3>{t('agenda.successes')}</Heading3>
        {question.successIds.length === 0 ? (
          <Paragraph>{t('agenda.noSuccesses')}</Paragraph>
        ) : (
          <UnorderedList>
            {question.successIds.map((successId, index) => (
              <UnorderedListItem key={successId}>
                <RouterLink to={`/successes/${successId}`}>{successTitles.get(successId) ?? t('agenda.successN', { n: index + 1 })}</RouterLink>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Section>

      <Section id="contributions" title={t('questions.contributions')}>
        {contributions.isPending ? (
          <Loading />
        ) : contributions.isError ? (
          <LoadError error={contributions.error} />
        ) : contributions.items.length === 0 ? (
          <Paragraph>{t('questions.noContributions')}</Paragraph>
        ) : (
          <>
            <Table>
              <TableCaption className="visually-hidden">{t('questions.contributions')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('agenda.party')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('questions.kind')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('questions.body')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('agenda.handoff.when')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {contributions.items.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>{names.name(c.partyId)}</TableCell>
                    <TableCell>{t(`questions.kinds.${c.kind}`)}</TableCell>
                    <TableCell>{c.body}</TableCell>
                    <TableCell>
                      {formatDateTime(c.createdAt, lng)}
                      <br />
                      <span className="kompas-muted">{c.authorName}</span>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore list={contributions} />
          </>
        )}
        <ContributionForm question={question} />
      </Section>
    </>
  );
}

/** Adding an observation, data or a proposal for one's own (involved) party. */
function ContributionForm({ question }: { question: Question }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const queryClient = useQueryClient();
  const parties = contributionParties(me.data, question);
  const [partyId, setPartyId] = useState('');
  const [kind, setKind] = useState<ContributionKind>('observation');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  if (parties.length === 0) return null;
  const forParty = parties.length === 1 ? parties[0] : partyId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!body.trim()) found.body = { key: 'validation.required' };
    else if (body.length > LIMITS.longText) found.body = { key: 'validation.maxLength', params: { max: LIMITS.longText } };
    if (!forParty) found.partyId = { key: 'validation.required' };
    setErrors(found);
    setGeneral(null);
    setDone('');
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await addContribution(question.id, { kind, body, partyId: forParty });
      setBody('');
      setDone(t('questions.contributed'));
      void queryClient.invalidateQueries({ queryKey: questionKeys.contributions(question.id) });
      void queryClient.invalidateQueries({ queryKey: questionKeys.one(question.id) });
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = mapProblemToFields(error.problem, ['partyId', 'kind', 'body']);
        setErrors(mapped.fields);
        setGeneral(mapped.general[0] ?? (Object.keys(mapped.fields).length ? null : { key: 'errors.saveFailed' }));
      } else {
        setGeneral({ key: 'errors.network' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="kompas-form" aria-labelledby="contribute-heading">
      <Heading3 id="contribute-heading">{t('questions.contribute')}</Heading3>
      <p role="status" className="kompas-status">
        {done}
      </p>
      {general && (
        <Alert type="error" role="alert">
          <Paragraph>{renderMessage(t, general)}</Paragraph>
        </Alert>
      )}
      {parties.length > 1 && (
        <SelectField
          name="partyId"
          label={t('questions.forParty')}
          required
          value={partyId}
          onChange={setPartyId}
          error={errors.partyId ?? null}
          options={[{ value: '', label: t('form.choose') }, ...parties.map((id) => ({ value: id, label: names.name(id) }))]}
        />
      )}
      <SelectField
        name="kind"
        label={t('questions.kind')}
        required
        value={kind}
        onChange={(value) => setKind(value as ContributionKind)}
        error={errors.kind ?? null}
        options={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`questions.kinds.${k}`) }))}
      />
      <TextAreaField name="body" label={t('questions.body')} required rows={4} value={body} onChange={setBody} error={errors.body ?? null} />
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        {t('questions.contributeButton')}
      </Button>
    </form>
  );
}
