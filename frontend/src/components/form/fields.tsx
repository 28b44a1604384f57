import {
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
