import { Button, Fieldset, FieldsetLegend, FormFieldDescription, Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../components/form/fields';
import type { FieldErrors } from '../../../lib/messages';
import { listRules, type Rules } from '../../../lib/validation';
import { LEVELS, type Level } from '../api';

export type ParticipantValue = { partyId: string; level: Level | '' };

/** The rules for each participant row, as the API checks them. */
export const participantRules = (participants: ParticipantValue[]): Rules =>
  listRules('participants', participants.length, { partyId: { required: true }, level: { required: true } });

/** The labels of the participant rows, for the error summary. */
export function participantLabels(t: (key: string, options?: Record<string, unknown>) => string, participants: ParticipantValue[]) {
  const labels: Record<string, string> = {};
  participants.forEach((_, index) => {
    labels[`participants.${index}.partyId`] = t('agenda.participantParty', { n: index + 1 });
    labels[`participants.${index}.level`] = t('agenda.participantLevel', { n: index + 1 });
  });
  return labels;
}

/** The parties taking part, each with a level (meekijken, meedenken, meedoen), to add and remove. */
export function ParticipantsFieldset({
  value,
  onChange,
  errors,
  partyOptions,
  help,
}: {
  value: ParticipantValue[];
  onChange: (value: ParticipantValue[]) => void;
  errors: FieldErrors;
  partyOptions: { value: string; label: string }[];
  help?: string;
}) {
  const { t } = useTranslation();
  const update = (index: number, change: Partial<ParticipantValue>) => onChange(value.map((p, i) => (i === index ? { ...p, ...change } : p)));
  return (
    <Fieldset className="kompas-fieldset kompas-participants">
      <FieldsetLegend>
        {t('agenda.participants')} <span className="kompas-optional">({t('form.optional')})</span>
      </FieldsetLegend>
      <FormFieldDescription>{help ?? t('agenda.participantsHelp')}</FormFieldDescription>
      {errors.participants && <Paragraph className="utrecht-form-field-error-message">{t('agenda.participantsError')}</Paragraph>}
      {value.map((participant, index) => (
        <div key={index} className="kompas-participant-row">
          <SelectField
            name={`participants.${index}.partyId`}
            label={t('agenda.participantParty', { n: index + 1 })}
            required
            value={participant.partyId}
            error={errors[`participants.${index}.partyId`] ?? null}
            onChange={(partyId) => update(index, { partyId })}
            options={[{ value: '', label: t('form.choose') }, ...partyOptions]}
          />
          <SelectField
            name={`participants.${index}.level`}
            label={t('agenda.participantLevel', { n: index + 1 })}
            required
            value={participant.level}
            error={errors[`participants.${index}.level`] ?? null}
            onChange={(level) => update(index, { level: level as Level })}
            options={[{ value: '', label: t('form.choose') }, ...LEVELS.map((level) => ({ value: level, label: t(`agenda.levels.${level}`) }))]}
          />
          <Button
            type="button"
            appearance="subtle-button"
            aria-label={t('agenda.removeParticipant', { n: index + 1 })}
            onClick={() => onChange(value.filter((_, i) => i !== index))}
          >
            {t('agenda.remove')}
          </Button>
        </div>
      ))}
      <Button type="button" appearance="secondary-action-button" onClick={() => onChange([...value, { partyId: '', level: 'thinking-along' }])}>
        {t('agenda.addParticipant')}
      </Button>
    </Fieldset>
  );
}
