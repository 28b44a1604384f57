import {
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/Badge';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { usePartyOptions } from '../../parties/api';
import { useUsers } from '../api';

export default function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const parties = usePartyOptions();
  const partyNames = new Map((parties.data?.items ?? []).map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeading>{t('admin.users.title')}</PageHeading>
      <Paragraph>{t('admin.users.intro')}</Paragraph>
      <div className="kompas-actions">
        <ButtonRouterLink to="/admin/users/new">{t('admin.users.new')}</ButtonRouterLink>
      </div>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <LoadError error={users.error} />
      ) : (
        <Table>
          <TableCaption className="visually-hidden">{t('admin.users.title')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('common.name')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('common.email')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('admin.users.role')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('admin.users.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('admin.users.status')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.data.items.map((user) => (
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
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
