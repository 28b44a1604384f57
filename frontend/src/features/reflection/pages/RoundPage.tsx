import { OrderedList, OrderedListItem, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../../auth/useMe';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { usePartyNames } from '../../joint/usePartyNames';
import { deleteRound, releaseResults, roundKeys, updateRound, useRound, type Round } from '../api';
import { ConfirmAction } from '../components/ConfirmAction';
import { RoundBadges, RoundMeta } from '../components/RoundSummary';
import { itemText, mayRun } from '../rules';
import '../../joint/joint.css';
import '../reflection.css';

/** One round: its period, status, response rate per party, statements and questions, and what the caller may do with it. */
export default function RoundPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const round = useRound(id);
  const title = round.data?.data.title ?? t('reflection.title');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {round.isPending ? <Loading /> : round.isError ? <LoadError error={round.error} /> : <RoundDetail round={round.data.data} etag={round.data.etag} />}
    </>
  );
}

function RoundDetail({ round, etag }: { round: Round; etag: string | null }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = usePartyNames();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: roundKeys.all });
  const runs = mayRun(me.data?.role);
  const rate = round.responseRate;
  return (
    <>
      <RoundBadges round={round} />
      <RoundMeta round={round} />
      <div className="kompas-actions">
        {round.mayAnswer && (
          <ButtonRouterLink to={`/reflection/${round.id}/answer`} appearance="primary-action">
            {t('reflection.answerNow')}
          </ButtonRouterLink>
        )}
        {round.resultsReleased && <ButtonRouterLink to={`/reflection/${round.id}/results`}>{t('reflection.resultsLink')}</ButtonRouterLink>}
        {runs && round.status !== 'closed' && <ButtonRouterLink to={`/reflection/${round.id}/edit`}>{t('reflection.edit')}</ButtonRouterLink>}
        {runs && round.status === 'draft' && (
          <>
            <ConfirmAction
              primary
              label={t('reflection.open.button')}
              title={t('reflection.open.title', { title: round.title })}
              body={t('reflection.open.body')}
              confirmLabel={t('reflection.open.confirm')}
              run={async () => {
                await updateRound(round.id, { status: 'open' }, etag);
                await refresh();
              }}
              explain={(status) => (status === 412 ? t('reflection.changedMeanwhile') : status === 409 ? t('reflection.open.refused') : null)}
            />
          </>
        )}
        {runs && round.status === 'open' && (
          <>
            <ConfirmAction
              label={t('reflection.close.button')}
              title={t('reflection.close.title', { title: round.title })}
              body={t('reflection.close.body')}
              confirmLabel={t('reflection.close.confirm')}
              run={async () => {
                await updateRound(round.id, { status: 'closed' }, etag);
                await refresh();
              }}
              explain={(status) => (status === 412 ? t('reflection.changedMeanwhile') : status === 409 ? t('reflection.close.refused') : null)}
            />
            {!round.resultsReleased && (
              <ConfirmAction
                label={t('reflection.release.button')}
                title={t('reflection.release.title', { title: round.title })}
                body={t('reflection.release.body')}
                confirmLabel={t('reflection.release.confirm')}
                run={async () => {
                  await releaseResults(round.id);
                  await refresh();
                }}
                explain={(status) => (status === 409 ? t('reflection.release.refused', { k: round.minGroup }) : null)}
              />
            )}
          </>
        )}
        {runs && round.status === 'draft' && (
          <DeleteAction
            name={round.title}
            onDelete={() => deleteRound(round.id, etag)}
            onDeleted={() => {
              void refresh();
              void navigate('/reflection');
            }}
          />
        )}
      </div>
      {round.status === 'open' && !round.resultsReleased && <Paragraph className="kompas-muted">{t('reflection.resultsAfterClose')}</Paragraph>}

      <Section id="response" title={t('reflection.response.title')}>
        <Table className="kompas-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('reflection.response.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('reflection.response.invited')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('reflection.response.answered')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rate.parties.map((party) => (
              <TableRow key={party.partyId}>
                <TableHeaderCell scope="row">{names.name(party.partyId)}</TableHeaderCell>
                <TableCell>{party.invited}</TableCell>
                <TableCell>{party.suppressed || party.answered === null ? t('reflection.response.hidden') : party.answered}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableHeaderCell scope="row">{t('reflection.everyone')}</TableHeaderCell>
              <TableCell>{rate.invited}</TableCell>
              <TableCell>{rate.answered}</TableCell>
            </TableRow>
          </TableBody>
        </Table>
        {rate.parties.some((party) => party.suppressed) && <Paragraph className="kompas-muted">{t('reflection.response.hiddenHelp')}</Paragraph>}
      </Section>

      <Section id="statements" title={t('reflection.statementsTitle')}>
        <OrderedList>
          {round.statements.map((statement) => (
            <OrderedListItem key={statement.key}>{itemText(statement, i18n.language)}</OrderedListItem>
          ))}
        </OrderedList>
      </Section>
      {round.questions.length > 0 && (
        <Section id="questions" title={t('reflection.questionsTitle')}>
          <OrderedList>
            {round.questions.map((question) => (
              <OrderedListItem key={question.key}>{itemText(question, i18n.language)}</OrderedListItem>
            ))}
          </OrderedList>
        </Section>
      )}
    </>
  );
}
