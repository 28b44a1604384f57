import {
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api';
import { useMe } from '../../../auth/useMe';
import { Badge } from '../../../components/Badge';
import { SelectField, TextField } from '../../../components/form/fields';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { usePartyOptions } from '../../parties/api';
import { isErased } from '../../personaldata/api';
import { adminKeys, ROLES, useUsers } from '../api';
import { EraseUserAction } from '../components/EraseUserAction';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** Everyone who can log in: search, filter by role, and each user's role, party and status. */
export default function UsersPage() {
  const { t } = useTranslation();
  const [params, update] = useSearchParamUpdate();
  const q = params.get('q') ?? '';
  const roleParam = params.get('role');
  const role = ROLES.includes(roleParam as Schemas['Role']) ? (roleParam as Schemas['Role']) : undefined;
  const [search, setSearch] = useState(q);
  const [erased, setErased] = useState('');
  const erasedRef = useRef<HTMLParagraphElement>(null);
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useUsers({ q, role });
  const parties = usePartyOptions();
  const partyNames = new Map((parties.data?.items ?? []).map((p) => [p.id, p.name]));
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <>
      <PageHeading>{t('admin.users.title')}</PageHeading>
      <Paragraph>{t('admin.users.intro')}</Paragraph>
      <div className="kompas-actions">
        <ButtonRouterLink to="/admin/users/new">{t('admin.users.new')}</ButtonRouterLink>
        <ButtonRouterLink to="/admin/audit" appearance="subtle">
          {t('audit.title')}
        </ButtonRouterLink>
      </div>
      <form role="search" aria-label={t('admin.users.searchLabel')} onSubmit={onSearch} className="kompas-filters">
        <TextField name="q" label={t('admin.users.search')} filter value={search} onChange={setSearch} error={null} />
        <Button type="submit" appearance="secondary-action-button">
          {t('parties.searchButton')}
        </Button>
        <SelectField
          name="role"
          label={t('admin.users.roleFilter')}
          filter
          value={role ?? ''}
          onChange={(value) => update({ role: value })}
          error={null}
          options={[{ value: '', label: t('admin.users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
        />
      </form>
      <p ref={erasedRef} tabIndex={-1} role="status" className={erased ? 'kompas-status' : 'visually-hidden'}>
        {erased}
      </p>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <LoadError error={users.error} />
      ) : users.items.length === 0 ? (
        <Paragraph role="status">{t('admin.users.noResults')}</Paragraph>
      ) : (
        <>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('admin.users.title')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('common.email')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.users.role')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.users.party')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('admin.users.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.items.map((user) => (
                <TableRow key={user.id}>
                  <TableCell>{user.name}</TableCell>
                  <TableCell>{user.email}</TableCell>
                  <TableCell>{t(`roles.${user.role}`)}</TableCell>
                  <TableCell>{user.partyId ? (partyNames.get(user.partyId) ?? '—') : '—'}</TableCell>
                  <TableCell>
                    <Badge tone={user.isActive ? 'done' : 'muted'}>
                      {t(user.isActive ? 'admin.users.active' : 'admin.users.inactive')}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    {isErased(user) ? (
                      <Badge tone="muted">{t('personalData.erase.erased')}</Badge>
                    ) : (
                      <div className="kompas-actions">
                        <RouterLink to={`/admin/users/${user.id}/edit`} aria-label={`${t('common.edit')}: ${user.name}`}>
                          {t('common.edit')}
                        </RouterLink>
                        {user.id !== me.data?.id && (
                          <EraseUserAction
                            user={user}
                            onErased={() => {
                              setErased(t('personalData.erase.done', { name: user.name }));
                              // The row's buttons are gone once the list is read again: the focus goes to the result.
                              void queryClient
                                .invalidateQueries({ queryKey: adminKeys.users })
                                .then(() => erasedRef.current?.focus());
                            }}
                          />
                        )}
                      </div>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={users} />
        </>
      )}
    </>
  );
}
