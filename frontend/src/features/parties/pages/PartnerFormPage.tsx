import { Button, Fieldset, FieldsetLegend, Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../../api';
import { SelectField, TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { DeleteAction } from '../../../components/DeleteAction';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { emptyToNull, LIMITS, listRules } from '../../../lib/validation';
import { ORGANISATION_TYPES, partyKeys, readPartner, type OrganisationType, type Partner, deletePartner } from '../api';

interface ContactValues {
  name: string;
  role: string;
  email: string;
  phone: string;
}

interface PartnerValues extends Record<string, unknown> {
  name: string;
  description: string;
  organisationType: OrganisationType;
  website: string;
  contacts: ContactValues[];
}

const EMPTY: PartnerValues = { name: '', description: '', organisationType: 'other', website: '', contacts: [] };
const EMPTY_CONTACT: ContactValues = { name: '', role: '', email: '', phone: '' };

const toValues = (p: Partner): PartnerValues => ({
  name: p.name,
  description: p.description,
  organisationType: p.organisationType,
  website: p.website ?? '',
  contacts: p.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email ?? '', phone: c.phone ?? '' })),
});

const toBody = (v: PartnerValues): Schemas['PartnerCreate'] => ({
  name: v.name,
  description: v.description,
  organisationType: v.organisationType,
  website: emptyToNull(v.website),
  contacts: v.contacts.map((c) => ({ name: c.name, role: c.role, email: emptyToNull(c.email), phone: emptyToNull(c.phone) })),
});

export default function PartnerFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const record = useQuery({
    queryKey: partyKeys.partner(id ?? 'new'),
    queryFn: () => readPartner(id!),
    enabled: id !== undefined,
    staleTime: 0,
  });
  return (
    <>
      <PageHeading>{t(id ? 'parties.editPartner' : 'parties.newPartner')}</PageHeading>
      {!id ? (
        <PartnerForm initial={EMPTY} etag={null} />
      ) : record.isPending ? (
        <Loading />
      ) : record.isError ? (
        <LoadError error={record.error} />
      ) : (
        <PartnerForm key={id} id={id} initial={toValues(record.data.data)} etag={record.data.etag} />
      )}
    </>
  );
}

function PartnerForm({ id, initial, etag }: { id?: string; initial: PartnerValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initial,
    etag,
    rules: (values) => ({
      name: { required: true, maxLength: LIMITS.name },
      description: { maxLength: LIMITS.shortText },
      website: { kind: 'url', maxLength: LIMITS.url },
      ...listRules('contacts', values.contacts.length, {
        name: { required: true, maxLength: LIMITS.name },
        role: { maxLength: LIMITS.shortText },
        email: { kind: 'email', maxLength: LIMITS.email },
        phone: { kind: 'phone', maxLength: LIMITS.phone },
      }),
    }),
    submit: (values, currentEtag) =>
      id
        ? unwrap(
            api.PATCH('/partners/{partnerId}', {
              params: { path: { partnerId: id }, header: { 'If-Match': currentEtag ?? '' } },
              body: toBody(values),
            }),
          )
        : unwrap(api.POST('/partners', { body: toBody(values) })),
    reload: async () => {
      const latest = await readPartner(id!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: partyKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['partners'] });
      navigate(`/parties/${saved.id}`);
    },
  });

  const contacts = form.values.contacts;
  const setContact = (index: number, field: keyof ContactValues, value: string) =>
    form.set(
      'contacts',
      contacts.map((contact, i) => (i === index ? { ...contact, [field]: value } : contact)),
    );
  const contactLabel = (index: number, field: string) => `${t('parties.contact', { number: index + 1 })}: ${t(`parties.contactFields.${field}`)}`;

  const labels: Record<string, string> = {
    name: t('common.name'),
    description: t('common.description'),
    organisationType: t('parties.organisationType'),
    website: t('parties.website'),
    contacts: t('parties.contacts'),
  };
  contacts.forEach((_, index) => {
    for (const field of ['name', 'role', 'email', 'phone']) labels[`contacts.${index}.${field}`] = contactLabel(index, field);
  });
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latestOf = (field: 'name' | 'description' | 'website') =>
    merged?.fields.includes(field) ? merged.latest[field] : null;

  return (
    <>
    <FormLayout form={form} labels={labels} cancelTo={id ? `/parties/${id}` : '/parties'}>
      <TextField {...form.field('name')} label={labels.name} required autoComplete="organization" latest={latestOf('name')} />
      <TextAreaField {...form.field('description')} label={labels.description} rows={3} latest={latestOf('description')} />
      <SelectField
        {...form.field('organisationType')}
        onChange={(value) => form.set('organisationType', value as OrganisationType)}
        label={labels.organisationType}
        required
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: t(`parties.organisationTypes.${type}`) }))}
      />
      <TextField
        {...form.field('website')}
        label={labels.website}
        type="url"
        autoComplete="url"
        description={t('parties.websiteHelp')}
        latest={latestOf('website')}
      />

      <Fieldset className="kompas-fieldset">
        <FieldsetLegend>{t('parties.contacts')}</FieldsetLegend>
        {merged?.fields.includes('contacts') && <Paragraph>{t('parties.contactsChanged')}</Paragraph>}
        {contacts.length === 0 && <Paragraph>{t('parties.noContacts')}</Paragraph>}
        {contacts.map((contact, index) => (
          <Fieldset key={index} className="kompas-fieldset">
            <FieldsetLegend>{t('parties.contact', { number: index + 1 })}</FieldsetLegend>
            {(['name', 'role', 'email', 'phone'] as const).map((field) => (
              <TextField
                key={field}
                name={`contacts.${index}.${field}`}
                label={t(`parties.contactFields.${field}`)}
                type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
                required={field === 'name'}
                value={contact[field]}
                onChange={(value) => setContact(index, field, value)}
                error={form.errors[`contacts.${index}.${field}`] ?? null}
              />
            ))}
            <Button
              type="button"
              appearance="subtle-button"
              onClick={() => form.set('contacts', contacts.filter((_, i) => i !== index))}
            >
              {t('parties.removeContact', { number: index + 1 })}
            </Button>
          </Fieldset>
        ))}
        <Button type="button" appearance="secondary-action-button" onClick={() => form.set('contacts', [...contacts, { ...EMPTY_CONTACT }])}>
          {t('parties.addContact')}
        </Button>
      </Fieldset>
    </FormLayout>
    {id && (
      <div className="kompas-delete">
        <DeleteAction
          name={initial.name}
          onDelete={() => deletePartner(id, form.etag)}
          onDeleted={() => {
            void queryClient.invalidateQueries({ queryKey: partyKeys.all });
            void queryClient.invalidateQueries({ queryKey: ['partners'] });
            navigate('/parties');
          }}
        />
      </div>
    )}
    </>
  );
}
