import {
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMessage, type Message } from '../../lib/messages';

/** The id of the control for a field path; the error summary links to it. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

interface BaseFieldProps {
  name: string;
  label: string;
  error: Message | null;
  required?: boolean;
  /** A filter or search control: neither required nor marked optional. */
  filter?: boolean;
  description?: ReactNode;
  /** After a 412: the value someone else saved meanwhile, shown beside the user's own. */
  latest?: string | null;
}

function FieldFrame({
  name,
  label,
  error,
  required,
  filter,
  description,
  latest,
  children,
}: BaseFieldProps & { children: (describedBy: string | undefined) => ReactNode }) {
  const { t } = useTranslation();
  const id = fieldId(name);
  const describedBy =
    [description ? `${id}-description` : null, error ? `${id}-error` : null, latest != null ? `${id}-latest` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <FormField invalid={Boolean(error)} className="kompas-field">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>
          {label}
          {!required && !filter && <span className="kompas-optional"> ({t('form.optional')})</span>}
        </FormLabel>
      </div>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {renderMessage(t, error)}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">{children(describedBy)}</div>
      {latest != null && (
        <Paragraph id={`${id}-latest`} className="kompas-latest">
          {t('form.latestValue')} <q>{latest || t('form.emptyValue')}</q>
        </Paragraph>
      )}
    </FormField>
  );
}

export interface TextFieldProps extends BaseFieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'url' | 'tel' | 'password';
  autoComplete?: string;
  maxLength?: number;
}

export function TextField({ value, onChange, type = 'text', autoComplete, maxLength, ...frame }: TextFieldProps) {
  return (
    <FieldFrame {...frame}>
      {(describedBy) => (
        <Textbox
          id={fieldId(frame.name)}
          name={frame.name}
          type={type}
          value={value}
          autoComplete={autoComplete}
          invalid={Boolean(frame.error)}
          aria-invalid={frame.error ? true : undefined}
          aria-required={frame.required || undefined}
          aria-describedby={describedBy}
          // No maxLength attribute: the browser would cut pasted text silently; we say it instead.
          data-max-length={maxLength}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends BaseFieldProps {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}

export function TextAreaField({ value, onChange, rows = 5, ...frame }: TextAreaFieldProps) {
  return (
    <FieldFrame {...frame}>
      {(describedBy) => (
        <Textarea
          id={fieldId(frame.name)}
          name={frame.name}
          value={value}
          rows={rows}
          invalid={Boolean(frame.error)}
          aria-invalid={frame.error ? true : undefined}
          aria-required={frame.required || undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export interface SelectFieldProps extends BaseFieldProps {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}

export function SelectField({ value, onChange, options, ...frame }: SelectFieldProps) {
  return (
    <FieldFrame {...frame}>
      {(describedBy) => (
        <Select
          id={fieldId(frame.name)}
          name={frame.name}
          value={value}
          invalid={Boolean(frame.error)}
          aria-invalid={frame.error ? true : undefined}
          aria-required={frame.required || undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        >
          {options.map((option) => (
            <SelectOption key={option.value} value={option.value}>
              {option.label}
            </SelectOption>
          ))}
        </Select>
      )}
    </FieldFrame>
  );
}

export interface DateFieldProps extends BaseFieldProps {
  value: string; // YYYY-MM-DD
  onChange: (value: string) => void;
  min?: string;
  max?: string;
}

export function DateField({ value, onChange, min, max, ...frame }: DateFieldProps) {
  return (
    <FieldFrame {...frame}>
      {(describedBy) => (
        <Textbox
          id={fieldId(frame.name)}
          name={frame.name}
          type="date"
          value={value}
          min={min}
          max={max}
          invalid={Boolean(frame.error)}
          aria-invalid={frame.error ? true : undefined}
          aria-required={frame.required || undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

export interface CheckboxFieldProps {
  name: string;
  label: string;
  value: boolean;
  onChange: (value: boolean) => void;
  error: Message | null;
  description?: ReactNode;
}

/** One yes/no choice: the box before its label, with description and error beneath the label. */
export function CheckboxField({ name, label, value, onChange, error, description }: CheckboxFieldProps) {
  const { t } = useTranslation();
  const id = fieldId(name);
  const describedBy =
    [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <FormField type="checkbox" invalid={Boolean(error)} className="kompas-field kompas-checkbox-field">
      <div className="kompas-checkbox">
        <Checkbox
          id={id}
          name={name}
          checked={value}
          invalid={Boolean(error)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.checked)}
        />
        <FormLabel htmlFor={id} type="checkbox">
          {label}
        </FormLabel>
      </div>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {renderMessage(t, error)}
        </FormFieldErrorMessage>
      )}
    </FormField>
  );
}

export interface CheckboxGroupOption {
  value: string;
  label: string;
}

/**
 * Several checkboxes under one legend, optionally in sub-groups (each its own fieldset). The first
 * box carries the field's id, so the error summary's link lands in the group.
 */
export function CheckboxGroupField({
  name,
  legend,
  groups,
  value,
  onChange,
  error,
  description,
  required,
}: {
  name: string;
  legend: string;
  groups: { label: string; options: CheckboxGroupOption[] }[];
  value: string[];
  onChange: (value: string[]) => void;
  error: Message | null;
  description?: ReactNode;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = fieldId(name);
  const describedBy =
    [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const toggle = (option: string, checked: boolean) =>
    onChange(checked ? [...value.filter((v) => v !== option), option] : value.filter((v) => v !== option));
  const firstValue = groups[0]?.options[0]?.value;
  return (
    <Fieldset className="kompas-fieldset kompas-checkbox-group" invalid={Boolean(error)} aria-describedby={describedBy}>
      <FieldsetLegend>
        {legend}
        {!required && <span className="kompas-optional"> ({t('form.optional')})</span>}
      </FieldsetLegend>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {renderMessage(t, error)}
        </FormFieldErrorMessage>
      )}
      <div className="kompas-checkbox-grid">
        {groups.map((group) => (
          <Fieldset key={group.label} className="kompas-checkbox-subgroup">
            <FieldsetLegend className="kompas-checkbox-subgroup__legend">{group.label}</FieldsetLegend>
            {group.options.map((option) => {
              const optionId = option.value === firstValue ? id : `${id}-${option.value.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
              return (
                <div key={option.value} className="kompas-checkbox">
                  <Checkbox
                    id={optionId}
                    name={name}
                    value={option.value}
                    checked={value.includes(option.value)}
                    invalid={Boolean(error)}
                    onChange={(event) => toggle(option.value, event.target.checked)}
                  />
                  <FormLabel htmlFor={optionId} type="checkbox">
                    {option.label}
                  </FormLabel>
                </div>
              );
            })}
          </Fieldset>
        ))}
      </div>
    </Fieldset>
  );
}

export interface DateTimeFieldProps extends BaseFieldProps {
  value: string; // YYYY-MM-DDTHH:mm, local time
  onChange: (value: string) => void;
}

/** A date and time in the user's own time zone (`datetime-local`); the form converts it for the API. */
export function DateTimeField({ value, onChange, ...frame }: DateTimeFieldProps) {
  return (
    <FieldFrame {...frame}>
      {(describedBy) => (
        <Textbox
          id={fieldId(frame.name)}
          name={frame.name}
          type="datetime-local"
          value={value}
          invalid={Boolean(frame.error)}
          aria-invalid={frame.error ? true : undefined}
          aria-required={frame.required || undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
