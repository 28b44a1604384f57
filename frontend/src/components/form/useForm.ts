import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError, mapProblemToFields } from '../../api';
import { mergeAfterConflict } from '../../lib/conflict';
import type { FieldErrors, Message } from '../../lib/messages';
import { validate, type Rules } from '../../lib/validation';

export type FormValues = Record<string, unknown>;

export interface FormOptions<T extends FormValues, R> {
  /** The values to start from: defaults for a new record, the loaded record for an edit. */
  initial: T;
  /** The `ETag` of the loaded record; null for a new one. */
  etag?: string | null;
  /** The API's rules for the current values (lists expand to `contacts.0.email`). */
  rules: (values: T) => Rules;
  /** Send the values; throw an ApiError when the API says no. */
  submit: (values: T, etag: string | null) => Promise<R>;
  /** Read the latest version after a 412. */
  reload?: () => Promise<{ values: T; etag: string | null }>;
  onSuccess: (result: R) => void;
  /** API field name → form field name, where the form names a field differently. */
  aliases?: Record<string, string>;
}

export type ConflictState<T> =
  | { state: 'none' }
  | { state: 'stale' }
  | { state: 'merged'; fields: (keyof T & string)[]; latest: T };

/**
 * The behaviour every Kompas form shares: validation as the API validates, the API's problem
 * details beside the right fields, `If-Match` with the version edited, and after a 412 a reload
 * of the latest version that keeps what the user typed.
 */
export function useForm<T extends FormValues, R>(options: FormOptions<T, R>) {
  const [values, setValues] = useState<T>(options.initial);
  const [base, setBase] = useState<T>(options.initial);
  const [etag, setEtag] = useState<string | null>(options.etag ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<Message[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [conflict, setConflict] = useState<ConflictState<T>>({ state: 'none' });
  const summaryRef = useRef<HTMLDivElement>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const set = useCallback(<K extends keyof T>(name: K, value: T[K]) => {
    setValues((previous) => ({ ...previous, [name]: value }));
  }, []);

  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const { rules, submit, onSuccess } = optionsRef.current;
    const clientErrors = validate(values, rules(values));
    setGeneral([]);
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) {
      focusSummary();
      return;
    }
    setSubmitting(true);
    try {
      const result = await submit(values, etag);
      setConflict({ state: 'none' });
      onSuccess(result);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setConflict({ state: 'stale' });
      } else if (error instanceof ApiError) {
        const known = [...Object.keys(values), ...Object.keys(rules(values))];
        const mapped = mapProblemToFields(error.problem, known, optionsRef.current.aliases);
        setErrors(mapped.fields);
        setGeneral(mapped.general.length > 0 || Object.keys(mapped.fields).length > 0 ? mapped.general : [{ key: 'errors.saveFailed' }]);
      } else {
        setGeneral([{ key: 'errors.network' }]);
      }
      focusSummary();
    } finally {
      setSubmitting(false);
    }
  };

  const reloadLatest = async () => {
    const { reload } = optionsRef.current;
    if (!reload) return;
    try {
      const latest = await reload();
      const merged = mergeAfterConflict(base, values, latest.values);
      setValues(merged.values);
      setBase(latest.values);
      setEtag(latest.etag);
      setConflict({ state: 'merged', fields: merged.conflicts, latest: latest.values });
    } catch {
      setGeneral([{ key: 'errors.loadFailed' }]);
    }
  };

  const hasProblems = Object.keys(errors).length > 0 || general.length > 0;

  return {
    values,
    /** The version being edited (after a 412 reload, the latest): what a delete sends as If-Match. */
    etag,
    set,
    setValues,
    errors,
    general,
    submitting,
    conflict,
    reloadLatest,
    onSubmit,
    summaryRef,
    hasProblems,
    /** Props for a field: its value, change handler and error. */
    field<K extends keyof T & string>(name: K) {
      return {
        name,
        value: values[name],
        error: errors[name] ?? null,
        onChange: (value: T[K]) => set(name, value),
      };
    },
  };
}

export type Form<T extends FormValues> = ReturnType<typeof useForm<T, unknown>>;
