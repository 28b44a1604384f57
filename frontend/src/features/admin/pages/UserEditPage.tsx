import { Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { CheckboxField, SelectField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { LIMITS } from '../../../lib/validation';
import { usePartyOptions } from '../../parties/api';
import { adminKeys, readUser, ROLES, type User } from '../api';

interface UserValues extends Record<string, unknown> {
  name: string;
  role: Schemas['Role'];
  partyId: string;
  isActive: boolean;
}

const toValues = (user: User): UserValues => ({
  name: user.name,
  role: user.role,
  partyId: user.partyId ?? '',
  isActive: user.isActive,
});

/** Change a user's name, role and party, or whether they can log in (not their e-mail address). */
export default function UserEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const record = useQuery({ queryKey: adminKeys.user(id), queryFn: () => readUser(id), staleTime: 0 });
  return (
    <>
      <PageHeading>{t('admin.users.editTitle')}</PageHeading>
      {record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <>
          <Paragraph>{t('admin.users.editIntro', { email: record.data.data.email })}</Paragraph>
          <UserForm key={id} id={id} initial={toValues(record.data.data)} etag={record.data.etag} />
        </>
      )}
    </>
  );
}

function UserForm({ id, initial, etag }: { id: string; initial: UserValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const parties = usePartyOptions();
  const form = useForm({
    initial,
    etag,
    rules: () => ({ name: { required: true, maxLength: LIMITS.name }, role: { required: true } }),
    submit: (values, currentEtag) =>
      unwrap(
        api.PATCH('/users/{userId}', {
          params: { path: { userId: id }, header: { 'If-Match': currentEtag ?? '' } },
          body: { ...values, partyId: values.partyId || null },
        }),
      ),
    reload: async () => {
      const latest = await readUser(id);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.users });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      navigate('/admin/users');
    },
  });
  const labels = {
    name: t('common.name'),
    role: t('admin.users.role'),
    partyId: t('admin.users.party'),
    isActive: t('admin.users.isActive'),
  };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  return (
    <FormLayout form={form} labels={labels} cancelTo="/admin/users">
      <TextField
        {...form.field('name')}
        label={labels.name}
        required
        autoComplete="off"
        latest={merged?.fields.includes('name') ? merged.latest.name : null}
      />
      <SelectField
        {...form.field('role')}
        onChange={(value) => form.set('role', value as Schemas['Role'])}
        label={labels.role}
        required
        description={t('admin.users.roleHelp')}
        options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
      />
      <SelectField
        {...form.field('partyId')}
        label={labels.partyId}
        description={t('admin.users.partyHelp')}
        options={[
          { value: '', label: t('admin.users.noParty') },
          ...(parties.data?.items ?? []).map((party) => ({ value: party.id, label: party.name })),
        ]}
      />
      <CheckboxField
        {...form.field('isActive')}
        label={labels.isActive}
        description={t('admin.users.isActiveHelp')}
      />
    </FormLayout>
  );
}
