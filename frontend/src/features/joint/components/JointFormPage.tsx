import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DeleteAction } from '../../../components/DeleteAction';
import { useForm, type FormOptions, type FormValues } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';

type Versioned<R> = { data: R; etag: string | null };

/**
 * What the form pages of the joint work (agenda items, questions, successes, meetings) need to
 * know about their kind of record: where its pages are, and how it is read, written and deleted.
 */
export interface JointRecordKind<V extends FormValues, R extends { id: string }> {
  /** The list's path; a record's own page is `${path}/${id}`. */
  path: string;
  keys: { all: QueryKey; one: (id: string) => QueryKey };
  read: (id: string) => Promise<Versioned<R>>;
  toValues: (record: R) => V;
  create: (values: V) => Promise<R>;
  update: (id: string, values: V, etag: string | null) => Promise<Versioned<R>>;
  remove: (id: string, etag: string | null) => Promise<unknown>;
}

/** What the form of a joint-work page is given: no id for a new record. */
export interface JointFormProps<V> {
  id?: string;
  initial: V;
  etag: string | null;
}

/**
 * A joint-work form page: its h1, and the form, empty for a new record (`/new`) or with the
 * record read afresh for a change (`/:id/edit`), keyed by id so that another record starts over.
 */
export function JointFormPage<V extends FormValues, R extends { id: string }>({
  kind,
  titles,
  empty,
  form: Form,
}: {
  kind: JointRecordKind<V, R>;
  /** The translation keys of the h1, for a new record and for a change. */
  titles: { new: string; edit: string };
  /** A new record's values; undefined while what they depend on still loads. */
  empty: V | undefined;
  form: ComponentType<JointFormProps<V>>;
}) {
  const { t } = useTranslation();
  const { id } = useParams();
  // The form starts from the record as it is now, with its current ETag: never from a copy cached
  // by an earlier visit (after a save, a status change or someone else's edit its version is
  // outdated, and saving would meet a 412). So the record is read on every mount, the form waits
  // for that read, and no copy is kept once the page is left.
  const record = useQuery({
    queryKey: [...kind.keys.one(id ?? 'new'), 'edit'],
    queryFn: () => kind.read(id!),
    enabled: id !== undefined,
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
  });
  return (
    <>
      <PageHeading>{t(id ? titles.edit : titles.new)}</PageHeading>
      {!id ? (
        empty ? <Form initial={empty} etag={null} /> : <Loading />
      ) : record.isPending || !record.isFetchedAfterMount ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <Form key={id} id={id} initial={kind.toValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

/**
 * `useForm` for a joint-work record: create or update (with `If-Match`), reload after a 412, and
 * after saving, to the record's page. Also `latestOf`: a field's latest saved value when someone
 * else changed it meanwhile, to show beside it.
 */
export function useJointForm<V extends FormValues, R extends { id: string }>(
  kind: JointRecordKind<V, R>,
  { id, initial, etag, rules }: JointFormProps<V> & { rules: FormOptions<V, R>['rules'] },
) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<V, R>({
    initial,
    etag,
    rules,
    submit: async (values, currentEtag) => {
      if (id === undefined) return kind.create(values);
      return (await kind.update(id, values, currentEtag)).data;
    },
    reload: async () => {
      const latest = await kind.read(id!);
      return { values: kind.toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: kind.keys.all });
      navigate(`${kind.path}/${saved.id}`);
    },
  });
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = <K extends keyof V & string>(field: K): V[K] | null => (merged?.fields.includes(field) ? merged.latest[field] : null);
  return { form, latestOf, cancelTo: id ? `${kind.path}/${id}` : kind.path };
}

/** Deleting the record being changed, with the version the form holds; then back to the list. */
export function JointDeleteAction({
  kind,
  id,
  name,
  etag,
}: {
  kind: Pick<JointRecordKind<never, never>, 'path' | 'keys' | 'remove'>;
  id: string;
  name: string;
  etag: string | null;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <div className="kompas-delete">
      <DeleteAction
        name={name}
        onDelete={() => kind.remove(id, etag)}
        onDeleted={() => {
          void queryClient.invalidateQueries({ queryKey: kind.keys.all });
          navigate(kind.path);
        }}
      />
    </div>
  );
}
