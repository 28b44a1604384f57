import {
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Button,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';
import { DeleteAction } from '../../../components/DeleteAction';
import { CheckboxGroupField, DateField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { LoadMore } from '../../../components/LoadMore';
import { LoadError, Loading } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { LIMITS } from '../../../lib/validation';
import { adminKeys, createApiToken, revokeApiToken, useApiTokens, type ApiToken, type Scope } from '../api';
import { dateAfter, describeScopes, expiryMoment, groupScopes, SCOPES } from '../scopes';
import { SecretPanel } from './SecretPanel';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 365;

/** A partner's API tokens (admins and coordinators): the list, a new one, and revoking. */
export function ApiTokensSection({ partnerId }: { partnerId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useApiTokens(partnerId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoked, setRevoked] = useState('');
  const newButton = useRef<HTMLButtonElement>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const moment = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.tokens(partnerId) });
  const scopeLabels = {
    collection: (name: string) => t(`tokens.collections.${name}`, { defaultValue: name }),
    read: t('tokens.read'),
    write: t('tokens.write'),
  };
  const [now] = useState(() => Date.now());

  return (
    <Section
      id="api-tokens"
      title={t('tokens.title')}
      action={
        !creating &&
        !created && (
          <Button ref={newButton} type="button" appearance="secondary-action-button" onClick={() => setCreating(true)}>
            {t('tokens.new')}
          </Button>
        )
      }
    >
      <Paragraph>{t('tokens.intro')}</Paragraph>
      {created && (
        <SecretPanel
          name={created.name}
          secret={created.secret}
          onDone={() => {
            setCreated(null);
            requestAnimationFrame(() => newButton.current?.focus());
          }}
        />
      )}
      {creating && (
        <TokenForm
          partnerId={partnerId}
          onCancel={() => {
            setCreating(false);
            requestAnimationFrame(() => newButton.current?.focus());
          }}
          onCreated={(name, secret) => {
            setCreating(false);
            setCreated({ name, secret });
            void refresh();
          }}
        />
      )}
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <LoadError error={tokens.error} />
      ) : tokens.items.length === 0 ? (
        <Paragraph>{t('tokens.empty')}</Paragraph>
      ) : (
        <>
          <Table className="kompas-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.prefix')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.scopes')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.created')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.expires')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.lastUsed')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tokens.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.items.map((token: ApiToken) => {
                const expired = new Date(token.expiresAt).getTime() <= now;
                return (
                  <TableRow key={token.id}>
                    <TableCell>{token.name}</TableCell>
                    <TableCell>
                      <code>{token.prefix}…</code>
                    </TableCell>
                    <TableCell>{describeScopes(token.scopes, scopeLabels)}</TableCell>
                    <TableCell>{date.format(new Date(token.createdAt))}</TableCell>
                    <TableCell>{date.format(new Date(token.expiresAt))}</TableCell>
                    <TableCell>{token.lastUsedAt ? moment.format(new Date(token.lastUsedAt)) : t('tokens.neverUsed')}</TableCell>
                    <TableCell>
                      {token.revokedAt ? (
                        <Badge tone="muted">{t('tokens.revokedOn', { date: date.format(new Date(token.revokedAt)) })}</Badge>
                      ) : expired ? (
                        <Badge tone="muted">{t('tokens.expired')}</Badge>
                      ) : (
                        <Badge tone="done">{t('tokens.active')}</Badge>
                      )}
                    </TableCell>
                    <TableCell>
                      {!token.revokedAt && (
                        <DeleteAction
                          name={token.name}
                          buttonLabel={t('tokens.revoke')}
                          title={t('tokens.revokeTitle', { name: token.name })}
                          body={t('tokens.revokeBody')}
                          confirmLabel={t('tokens.revokeConfirm')}
                          onDelete={() => revokeApiToken(partnerId, token.id)}
                          onDeleted={() => {
                            setRevoked(t('tokens.revoked', { name: token.name }));
                            void refresh();
                          }}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <LoadMore list={tokens} />
        </>
      )}
      <p role="status" className={revoked ? 'kompas-status' : 'visually-hidden'}>
        {revoked}
      </p>
    </Section>
  );
}

interface TokenValues extends Record<string, unknown> {
  name: string;
  scopes: string[];
  expiresOn: string; // YYYY-MM-DD
}

function TokenForm({
  partnerId,
  onCancel,
  onCreated,
}: {
  partnerId: string;
  onCancel: () => void;
  onCreated: (name: string, secret: string) => void;
}) {
  const { t } = useTranslation();
  const firstDay = dateAfter(1);
  const lastDay = dateAfter(MAX_DAYS);
  const defaultDay = dateAfter(DEFAULT_DAYS);
  const form = useForm({
    initial: { name: '', scopes: [], expiresOn: defaultDay } as TokenValues,
    rules: () => ({
      name: { required: true, maxLength: LIMITS.name },
      scopes: { required: true },
      expiresOn: { required: true, minDate: firstDay, maxDate: lastDay },
    }),
    submit: (values) =>
      createApiToken(partnerId, {
        name: values.name.trim(),
        scopes: SCOPES.filter((scope) => values.scopes.includes(scope)),
        // The default expiry is left to the API (90 days from now), so the common case does not
        // depend on the API accepting a date-time in the body (it answers 400 to any, at present).
        ...(values.expiresOn === defaultDay ? {} : { expiresAt: expiryMoment(values.expiresOn) }),
      }),
    aliases: { expiresAt: 'expiresOn' },
    onSuccess: (created) => onCreated(created.name, created.token),
  });
  const labels = { name: t('tokens.name'), scopes: t('tokens.scopes'), expiresOn: t('tokens.expiresOn') };
  const groups = groupScopes(SCOPES).map((group) => ({
    label: t(`tokens.collections.${group.collection}`, { defaultValue: group.collection }),
    options: [
      ...(group.read ? [{ value: group.read, label: t('tokens.read') }] : []),
      ...(group.write ? [{ value: group.write, label: t('tokens.write') }] : []),
    ],
  }));
  return (
    <div className="kompas-inline-form">
      <FormLayout form={form} labels={labels} onCancel={onCancel} submitLabel={t('tokens.create')}>
        <TextField {...form.field('name')} label={labels.name} required autoComplete="off" description={t('tokens.nameHelp')} />
        <CheckboxGroupField
          name="scopes"
          legend={labels.scopes}
          required
          description={t('tokens.scopesHelp')}
          groups={groups}
          value={form.values.scopes}
          onChange={(value) => form.set('scopes', value as Scope[])}
          error={form.errors.scopes ?? null}
        />
        <DateField
          {...form.field('expiresOn')}
          label={labels.expiresOn}
          required
          min={firstDay}
          max={lastDay}
          description={t('tokens.expiresHelp', { days: DEFAULT_DAYS, max: MAX_DAYS })}
        />
      </FormLayout>
    </div>
  );
}
