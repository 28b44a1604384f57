import { Paragraph } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DeleteAction } from '../../../components/DeleteAction';
import { CheckboxGroupField, SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { LIMITS } from '../../../lib/validation';
import { usePhases } from '../../compass/api';
import { usePartyOptions } from '../../parties/api';
import { createRoleMap, deleteRoleMap, readRoleMap, roleMapKeys, updateRoleMap, useRoleMap, type RoleMap } from '../api';

interface RoleMapValues extends Record<string, unknown> {
  title: string;
  theme: string;
  description: string;
  phaseId: string;
  partyIds: string[];
}

const EMPTY: RoleMapValues = { title: '', theme: '', description: '', phaseId: '', partyIds: [] };

const toValues = (map: RoleMap): RoleMapValues => ({
  title: map.title,
  theme: map.theme,
  description: map.description,
  phaseId: map.phaseId ?? '',
  // Sorted, so the three-way merge after a 412 compares sets, not orders.
  partyIds: [...map.partyIds].sort(),
});

/** Create (no id in the route) or change a role map: title, theme, phase and the parties taking part. */
export default function RoleMapFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <>
      <PageHeading>{t(id ? 'roleMaps.form.editTitle' : 'roleMaps.form.newTitle')}</PageHeading>
      {id ? <EditRoleMap id={id} /> : <RoleMapForm initial={EMPTY} etag={null} />}
    </>
  );
}

function EditRoleMap({ id }: { id: string }) {
  const map = useRoleMap(id);
  if (map.isPending) return <Loading />;
  if (map.isError) return <LoadError error={map.error} />;
  return <RoleMapForm key={id} id={id} initial={toValues(map.data.data)} etag={map.data.etag} />;
}

function RoleMapForm({ id, initial, etag }: { id?: string; initial: RoleMapValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const parties = usePartyOptions();
  const phases = usePhases();
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      title: { required: true, maxLength: LIMITS.name },
      theme: { maxLength: LIMITS.name },
      description: { maxLength: LIMITS.longText },
    }),
    submit: async (values, currentEtag) => {
      const body = {
        title: values.title.trim(),
        theme: values.theme.trim(),
        description: values.description,
        phaseId: values.phaseId || null,
        partyIds: values.partyIds,
      };
      return id ? (await updateRoleMap(id, body, currentEtag)).data : createRoleMap(body);
    },
    reload: async () => {
      const latest = await readRoleMap(id!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: roleMapKeys.all });
      navigate(`/role-maps/${saved.id}`);
    },
  });
  const labels = {
    title: t('roleMaps.form.title'),
    theme: t('roleMaps.form.theme'),
    description: t('common.description'),
    phaseId: t('roleMaps.form.phase'),
    partyIds: t('roleMaps.form.parties'),
  };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latest = (field: keyof RoleMapValues & string) =>
    merged?.fields.includes(field) ? String(merged.latest[field] ?? '') : null;
  const options = parties.data?.items ?? [];
  const group = (kind: 'department' | 'partner') =>
    options.filter((party) => party.kind === kind).map((party) => ({ value: party.id, label: party.name }));

  return (
    <>
      <Paragraph>
        <RouterLink to={id ? `/role-maps/${id}` : '/role-maps'}>
          {t(id ? 'roleMaps.backToMap' : 'roleMaps.backToList')}
        </RouterLink>
      </Paragraph>
      <FormLayout form={form} labels={labels} cancelTo={id ? `/role-maps/${id}` : '/role-maps'}>
        <TextField {...form.field('title')} label={labels.title} required latest={latest('title')} />
        <TextField
          {...form.field('theme')}
          label={labels.theme}
          description={t('roleMaps.form.themeHelp')}
          latest={latest('theme')}
        />
        <TextAreaField {...form.field('description')} label={labels.description} rows={3} latest={latest('description')} />
        <SelectField
          {...form.field('phaseId')}
          label={labels.phaseId}
          options={[
            { value: '', label: t('roleMaps.form.noPhase') },
            ...phases.items.map((phase) => ({ value: phase.id, label: phase.name })),
          ]}
          latest={
            latest('phaseId') === null
              ? null
              : (phases.items.find((phase) => phase.id === latest('phaseId'))?.name ?? t('roleMaps.form.noPhase'))
          }
        />
        {parties.isPending ? (
          <Loading />
        ) : parties.isError ? (
          <LoadError error={parties.error} />
        ) : (
          <CheckboxGroupField
            name="partyIds"
            legend={labels.partyIds}
            description={t('roleMaps.form.partiesHelp')}
            groups={[
              { label: t('roleMaps.form.departments'), options: group('department') },
              { label: t('roleMaps.form.partners'), options: group('partner') },
            ]}
            value={form.values.partyIds}
            onChange={(value) => form.set('partyIds', [...value].sort())}
            error={form.errors.partyIds ?? null}
          />
        )}
      </FormLayout>
      {id && (
        <div className="kompas-delete">
          <DeleteAction
            name={initial.title}
            body={t('roleMaps.form.deleteBody')}
            onDelete={() => deleteRoleMap(id, form.etag)}
            onDeleted={() => {
              queryClient.removeQueries({ queryKey: roleMapKeys.one(id) });
              void queryClient.invalidateQueries({ queryKey: roleMapKeys.all });
              navigate('/role-maps');
            }}
          />
        </div>
      )}
    </>
  );
}
