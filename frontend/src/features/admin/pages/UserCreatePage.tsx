import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { SelectField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LIMITS } from '../../../lib/validation';
import { usePartyOptions } from '../../parties/api';
import { ROLES } from '../api';

interface UserValues extends Record<string, unknown> {
  email: string;
  name: string;
  role: Schemas['Role'];
  partyId: string;
  password: string;
}

export default function UserCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const parties = usePartyOptions();
  const form = useForm({
    initial: { email: '', name: '', role: 'member', partyId: '', password: '' } as UserValues,
    rules: () => ({
      email: { required: true, kind: 'email', maxLength: LIMITS.email },
      name: { required: true, maxLength: LIMITS.name },
      role: { required: true },
      password: { required: true, minLength: LIMITS.passwordMin, maxLength: LIMITS.password },
    }),
    submit: (values) => unwrap(api.POST('/users', { body: { ...values, partyId: values.partyId || null } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      navigate('/admin/users');
    },
  });
  const labels = {
    email: t('common.email'),
    name: t('common.name'),
    role: t('admin.users.role'),
    partyId: t('admin.users.party'),
    password: t('admin.users.password'),
  };
  return (
    <>
      <PageHeading>{t('admin.users.newTitle')}</PageHeading>
      <FormLayout form={form} labels={labels} cancelTo="/admin/users" submitLabel={t('admin.users.create')}>
        <TextField {...form.field('name')} label={labels.name} required autoComplete="off" />
        <TextField {...form.field('email')} label={labels.email} type="email" required autoComplete="off" />
        <SelectField
          {...form.field('role')}
          onChange={(value) => form.set('role', value as Schemas['Role'])}
          label={labels.role}
          required
          options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        />
        <SelectField
          {...form.field('partyId')}
          label={labels.partyId}
          options={[
            { value: '', label: t('admin.users.noParty') },
            ...(parties.data?.items ?? []).map((party) => ({ value: party.id, label: party.name })),
          ]}
        />
        <TextField
          {...form.field('password')}
          label={labels.password}
          type="password"
          required
          autoComplete="new-password"
          description={t('admin.users.passwordHelp', { min: LIMITS.passwordMin })}
        />
      </FormLayout>
    </>
  );
}
