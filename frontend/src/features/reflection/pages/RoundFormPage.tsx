import { Button, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { CheckboxGroupField, DateField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { LIMITS, listRules } from '../../../lib/validation';
import { JointFormPage, useJointForm, type JointFormProps, type JointRecordKind } from '../../joint/components/JointFormPage';
import { today } from '../../joint/format';
import { usePartyNames } from '../../joint/usePartyNames';
import { createRound, deleteRound, readRound, roundKeys, updateRound, type Round } from '../api';
import { emptyRound, toCreateBody, toRoundValues, toUpdateBody, type ItemValues, type RoundValues } from '../values';
import '../reflection.css';

const LABEL_MAX = 500;

const round: JointRecordKind<RoundValues, Round> = {
  path: '/reflection',
  keys: roundKeys,
  read: readRound,
  toValues: toRoundValues,
  create: (values) => createRound(toCreateBody(values)),
  update: (id, values, etag) => updateRound(id, toUpdateBody(values), etag),
  remove: deleteRound,
};

function inDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return today(date);
}

/** Starting a round (a draft with the default statements), or changing one. */
export default function RoundFormPage() {
  return <JointFormPage kind={round} titles={{ new: 'reflection.form.newTitle', edit: 'reflection.form.editTitle' }} empty={emptyRound(today(), inDays(14))} form={RoundForm} />;
}

function RoundForm({ id, initial, etag }: JointFormProps<RoundValues>) {
  const { t } = useTranslation();
  const names = usePartyNames();
  const draft = initial.status === 'draft';
  const isNew = initial.status === 'new';
  const editsAll = draft || isNew;
  const { form, latestOf, cancelTo } = useJointForm(round, {
    id,
    initial,
    etag,
    rules: (values) => ({
      title: { required: true, maxLength: LIMITS.name },
      opensOn: { required: true },
      closesOn: { required: true, ...(values.opensOn ? { minDate: values.opensOn } : {}) },
      ...(draft
        ? {
            ...listRules('statements', values.statements.length, { textNl: { required: true, maxLength: LIMITS.name }, textEn: { maxLength: LABEL_MAX } }),
            ...listRules('questions', values.questions.length, { textNl: { required: true, maxLength: LIMITS.name }, textEn: { maxLength: LABEL_MAX } }),
          }
        : {}),
    }),
  });
  const values = form.values;
  const labels: Record<string, string> = {
    title: t('reflection.form.titleField'),
    opensOn: t('reflection.form.opensOn'),
    closesOn: t('reflection.form.closesOn'),
    partyIds: t('reflection.form.parties'),
    statements: t('reflection.statementsTitle'),
    questions: t('reflection.questionsTitle'),
  };
  for (const list of ['statements', 'questions'] as const) {
    values[list].forEach((_, index) => {
      const n = index + 1;
      labels[`${list}.${index}`] = t(`reflection.form.${list}.item`, { n });
      labels[`${list}.${index}.textNl`] = `${t(`reflection.form.${list}.item`, { n })}: ${t('reflection.form.textNl')}`;
      labels[`${list}.${index}.textEn`] = `${t(`reflection.form.${list}.item`, { n })}: ${t('reflection.form.textEn')}`;
      labels[`${list}.${index}.key`] = `${t(`reflection.form.${list}.item`, { n })}`;
    });
  }
  const setItem = (list: 'statements' | 'questions', index: number, change: Partial<ItemValues>) =>
    form.set(
      list,
      values[list].map((item, i) => (i === index ? { ...item, ...change } : item)),
    );
  const items = (list: 'statements' | 'questions') => (
    <Fieldset className="kompas-fieldset kompas-items">
      <FieldsetLegend>{labels[list]}</FieldsetLegend>
      <Paragraph className="kompas-muted">{t(`reflection.form.${list}.help`)}</Paragraph>
      {values[list].map((item, index) => {
        const itemLabel = t(`reflection.form.${list}.item`, { n: index + 1 });
        return (
          <Fieldset key={index} className="kompas-item">
            <FieldsetLegend>{itemLabel}</FieldsetLegend>
            <TextField
              name={`${list}.${index}.textNl`}
              label={t('reflection.form.textNl')}
              required
              value={item.textNl}
              onChange={(text) => setItem(list, index, { textNl: text })}
              error={form.errors[`${list}.${index}.textNl`] ?? form.errors[`${list}.${index}`] ?? null}
            />
            <TextField
              name={`${list}.${index}.textEn`}
              label={t('reflection.form.textEn')}
              value={item.textEn}
              onChange={(text) => setItem(list, index, { textEn: text })}
              error={form.errors[`${list}.${index}.textEn`] ?? null}
            />
            {(list === 'questions' || values.statements.length > 1) && (
              <Button
                type="button"
                appearance="subtle-button"
                aria-label={t('reflection.form.removeNamed', { item: itemLabel })}
                onClick={() =>
                  form.set(
                    list,
                    values[list].filter((_, i) => i !== index),
                  )
                }
              >
                {t('reflection.form.remove')}
              </Button>
            )}
          </Fieldset>
        );
      })}
      <Button type="button" appearance="secondary-action-button" onClick={() => form.set(list, [...values[list], { key: '', textNl: '', textEn: '' }])}>
        {t(`reflection.form.${list}.add`)}
      </Button>
    </Fieldset>
  );

  return (
    <FormLayout form={form} labels={labels} cancelTo={cancelTo}>
      <TextField {...form.field('title')} label={labels.title} required latest={latestOf('title')} />
      {editsAll && <DateField {...form.field('opensOn')} label={labels.opensOn} required />}
      <DateField {...form.field('closesOn')} label={labels.closesOn} description={t('reflection.form.closesOnHelp')} required min={values.opensOn || undefined} />
      {editsAll ? (
        <CheckboxGroupField
          name="partyIds"
          legend={labels.partyIds}
          description={t('reflection.form.partiesHelp')}
          required
          groups={[{ label: t('reflection.form.partiesGroup'), options: names.parties.map((p) => ({ value: p.id, label: p.name })) }]}
          value={values.partyIds}
          onChange={(value) => form.set('partyIds', value)}
          error={form.errors.partyIds ?? null}
        />
      ) : (
        <Paragraph className="kompas-muted">{t('reflection.form.lockedOpen')}</Paragraph>
      )}
      {isNew && <Paragraph>{t('reflection.form.defaultsNote')}</Paragraph>}
      {draft && items('statements')}
      {draft && items('questions')}
    </FormLayout>
  );
}
