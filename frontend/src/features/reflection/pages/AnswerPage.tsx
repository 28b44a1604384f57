import { Alert, Button, ButtonGroup, Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../../api';
import { TextAreaField, fieldId } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { roundKeys, sendAnswer, useRound, type Round } from '../api';
import { RatingScale } from '../components/RatingScale';
import { itemText } from '../rules';
import '../reflection.css';

const OPEN_TEXT_MAX = 2000;

/** Answering a round: on a phone, in three minutes, anonymously, once. */
export default function AnswerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const round = useRound(id);
  const [sent, setSent] = useState(false);
  const title = round.data?.data.title ?? t('reflection.answer.title');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {round.isPending ? (
        <Loading />
      ) : round.isError ? (
        <LoadError error={round.error} />
      ) : sent ? (
        <ThankYou />
      ) : (
        <AnswerState round={round.data.data} onSent={() => setSent(true)} />
      )}
    </>
  );
}

function AnswerState({ round, onSent }: { round: Round; onSent: () => void }) {
  const { t } = useTranslation();
  if (round.answered) {
    return (
      <Notice heading={t('reflection.answer.alreadyTitle')}>
        <Paragraph>{t('reflection.answer.already')}</Paragraph>
        <BackLinks round={round} />
      </Notice>
    );
  }
  if (!round.invited) {
    return (
      <Notice heading={t('reflection.answer.notInvitedTitle')}>
        <Paragraph>{t('reflection.answer.notInvited')}</Paragraph>
        <BackLinks round={round} />
      </Notice>
    );
  }
  if (!round.mayAnswer) {
    return (
      <Notice heading={t('reflection.answer.closedTitle')}>
        <Paragraph>{round.status === 'draft' ? t('reflection.answer.notOpenYet') : t('reflection.answer.closed')}</Paragraph>
        <BackLinks round={round} />
      </Notice>
    );
  }
  return <AnswerForm round={round} onSent={onSent} />;
}

/** What happens to an answer, said before the first question. */
function AnonymityNotice({ k }: { k: number }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="anonymity-heading" className="kompas-anonymity">
      <Heading2 id="anonymity-heading">{t('reflection.anonymity.title')}</Heading2>
      <UnorderedList>
        <UnorderedListItem>{t('reflection.anonymity.stored')}</UnorderedListItem>
        <UnorderedListItem>{t('reflection.anonymity.notStored')}</UnorderedListItem>
        <UnorderedListItem>{t('reflection.anonymity.groups', { k, twice: 2 * k })}</UnorderedListItem>
        <UnorderedListItem>{t('reflection.anonymity.once')}</UnorderedListItem>
      </UnorderedList>
    </section>
  );
}

type Problems = { fields: Record<string, string>; general: string[] };

function AnswerForm({ round, onSent }: { round: Round; onSent: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [ratings, setRatings] = useState<Record<string, number | null>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problems>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const language = i18n.language;
  const total = round.statements.length;
  const rated = round.statements.filter((s) => ratings[s.key] != null).length;

  const show = (next: Problems) => {
    setProblems(next);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    for (const statement of round.statements) {
      if (ratings[statement.key] == null) fields[`ratings.${statement.key}`] = t('reflection.answer.ratingMissing');
    }
    for (const question of round.questions) {
      if ((texts[question.key] ?? '').length > OPEN_TEXT_MAX) fields[`openAnswers.${question.key}`] = t('validation.maxLength', { max: OPEN_TEXT_MAX });
    }
    if (Object.keys(fields).length > 0) return show({ fields, general: [] });
    setBusy(true);
    try {
      await sendAnswer(round.id, {
        ratings: round.statements.map((s) => ({ statementKey: s.key, rating: ratings[s.key] as number })),
        openAnswers: round.questions
          .map((q) => ({ questionKey: q.key, text: (texts[q.key] ?? '').trim() }))
          .filter((answer) => answer.text !== ''),
      });
      await queryClient.invalidateQueries({ queryKey: roundKeys.all });
      onSent();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 403)) {
        // Answered meanwhile (another tab), closed, or released: the round says which.
        await queryClient.invalidateQueries({ queryKey: roundKeys.one(round.id) });
        return;
      }
      const general =
        error instanceof ApiError
          ? [error.problem?.detail ?? t('errors.saveFailed'), ...(error.problem?.invalidParams ?? []).map((p) => `${p.name}: ${p.reason}`)]
          : [t('reflection.answer.networkError')];
      show({ fields: {}, general });
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<string, string> = Object.fromEntries([
    ...round.statements.map((s, index) => [`ratings.${s.key}`, t('reflection.answer.statementLabel', { number: index + 1 })]),
    ...round.questions.map((q) => [`openAnswers.${q.key}`, itemText(q, language)]),
  ]);
  const hasProblems = Object.keys(problems.fields).length > 0 || problems.general.length > 0;

  return (
    <>
      <Paragraph>{t('reflection.answer.intro', { count: total })}</Paragraph>
      <AnonymityNotice k={round.minGroup} />
      <form noValidate onSubmit={onSubmit} className="kompas-form kompas-answer-form">
        <div ref={summaryRef} tabIndex={-1} className="kompas-form-messages">
          {hasProblems && (
            <Alert type="error">
              <Heading2>{t('form.errorSummary')}</Heading2>
              <UnorderedList>
                {problems.general.map((text, index) => (
                  <UnorderedListItem key={`general-${index}`}>{text}</UnorderedListItem>
                ))}
                {Object.entries(problems.fields).map(([name, text]) => (
                  <UnorderedListItem key={name}>
                    <a className="utrecht-link utrecht-link--html-a" href={`#${fieldId(name)}`}>
                      {labels[name] ?? name}: {text}
                    </a>
                  </UnorderedListItem>
                ))}
              </UnorderedList>
            </Alert>
          )}
        </div>
        <Heading2>{t('reflection.answer.statementsHeading')}</Heading2>
        <Paragraph className="kompas-muted">{t('reflection.answer.scaleHelp')}</Paragraph>
        {round.statements.map((statement, index) => (
          <RatingScale
            key={statement.key}
            name={`ratings.${statement.key}`}
            number={index + 1}
            legend={itemText(statement, language)}
            value={ratings[statement.key] ?? null}
            onChange={(rating) => {
              setRatings((previous) => ({ ...previous, [statement.key]: rating }));
              setProblems((previous) => {
                const fields = { ...previous.fields };
                delete fields[`ratings.${statement.key}`];
                return { ...previous, fields };
              });
            }}
            error={problems.fields[`ratings.${statement.key}`] ?? null}
          />
        ))}
        {round.questions.length > 0 && <Heading2>{t('reflection.answer.questionsHeading')}</Heading2>}
        {round.questions.map((question) => (
          <TextAreaField
            key={question.key}
            name={`openAnswers.${question.key}`}
            label={itemText(question, language)}
            description={t('reflection.answer.openHelp')}
            rows={3}
            value={texts[question.key] ?? ''}
            onChange={(text) => setTexts((previous) => ({ ...previous, [question.key]: text }))}
            error={problems.fields[`openAnswers.${question.key}`] ? { text: problems.fields[`openAnswers.${question.key}`] } : null}
          />
        ))}
        <Paragraph className="kompas-muted" aria-live="polite">
          {t('reflection.answer.progress', { rated, total })}
        </Paragraph>
        <ButtonGroup className="kompas-form-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {t('reflection.answer.submit')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

function ThankYou() {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section aria-labelledby="thanks-heading" className="kompas-thanks">
      <Alert type="ok">
        <Heading2 id="thanks-heading" ref={ref} tabIndex={-1}>
          {t('reflection.answer.thanksTitle')}
        </Heading2>
        <Paragraph>{t('reflection.answer.thanks')}</Paragraph>
      </Alert>
      <Paragraph>
        <RouterLink to="/reflection">{t('reflection.backToRounds')}</RouterLink>
      </Paragraph>
    </section>
  );
}

function Notice({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section aria-labelledby="notice-heading" className="kompas-thanks">
      <Alert type="info">
        <Heading2 id="notice-heading">{heading}</Heading2>
        {children}
      </Alert>
    </section>
  );
}

function BackLinks({ round }: { round: Round }) {
  const { t } = useTranslation();
  return (
    <Paragraph>
      <RouterLink to="/reflection">{t('reflection.backToRounds')}</RouterLink>
      {round.resultsReleased && (
        <>
          {' · '}
          <RouterLink to={`/reflection/${round.id}/results`}>{t('reflection.resultsLink')}</RouterLink>
        </>
      )}
    </Paragraph>
  );
}
