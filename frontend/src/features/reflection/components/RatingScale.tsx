import { FormFieldErrorMessage } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/form/fields';

export const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * One statement rated 1–5: a fieldset whose legend is the statement, five native radios in large
 * boxes (the whole box is the touch target), and the meaning of both ends written beside them.
 * Each radio is named by its number and meaning ("1 helemaal oneens"), so a screen reader says
 * what it chooses; arrow keys move within the group as with any radio group.
 */
export function RatingScale({
  name,
  legend,
  number,
  value,
  onChange,
  error,
}: {
  name: string;
  legend: string;
  number: number;
  value: number | null;
  onChange: (rating: number) => void;
  error: string | null;
}) {
  const { t } = useTranslation();
  const id = fieldId(name);
  return (
    // A native fieldset, so that its error is announced when the group is entered.
    <fieldset className={`kompas-rating${error ? ' kompas-rating--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="kompas-rating__legend">
        <span className="kompas-rating__number">{number}.</span> {legend}
      </legend>
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="kompas-rating__options">
        {RATINGS.map((rating) => {
          const optionId = rating === 1 ? id : `${id}-${rating}`;
          return (
            <label key={rating} htmlFor={optionId} className="kompas-rating__option">
              <input
                id={optionId}
                type="radio"
                name={name}
                value={rating}
                checked={value === rating}
                aria-invalid={error ? true : undefined}
                onChange={() => onChange(rating)}
              />
              <span className="kompas-rating__value">{rating}</span>{' '}
              <span className="visually-hidden">{t(`reflection.scale.${rating}`)}</span>
            </label>
          );
        })}
      </div>
      <div className="kompas-rating__ends" aria-hidden="true">
        <span>{t('reflection.scale.1')}</span>
        <span>{t('reflection.scale.5')}</span>
      </div>
    </fieldset>
  );
}
