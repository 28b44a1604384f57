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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadMore } from '../../../components/LoadMore';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { moveChanges } from '../../../lib/reorder';
import { roleMapKeys, setTaskPosition, useRoleMap, useTasks } from '../api';

/** The tasks of a map, in their order: add, edit, move up or down (coordinators and admins). */
export default function TasksPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const map = useRoleMap(id);
  const tasks = useTasks(id);
  const [moving, setMoving] = useState(false);
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState(false);
  const items = tasks.items;
  const title = map.data?.data.title ?? '';

  const move = async (index: number, direction: -1 | 1) => {
    setMoving(true);
    setFailed(false);
    try {
      const changes = moveChanges(items, index, direction);
      for (const change of changes) await setTaskPosition(id, change.id, change.position);
      // Said once the list shows the new order.
      await queryClient.invalidateQueries({ queryKey: roleMapKeys.one(id) });
      setStatus(t('roleMaps.tasks.moved', { name: items[index].title, position: index + direction + 1 }));
    } catch {
      setFailed(true);
      await queryClient.invalidateQueries({ queryKey: roleMapKeys.one(id) });
      setStatus(t('roleMaps.tasks.moveFailed'));
    } finally {
      setMoving(false);
    }
  };

  return (
    <>
      <PageHeading title={t('roleMaps.tasks.title', { map: title })}>{t('roleMaps.tasks.title', { map: title })}</PageHeading>
      <Paragraph>
        <RouterLink to={`/role-maps/${id}`}>{t('roleMaps.backToMap')}</RouterLink>
      </Paragraph>
      <Paragraph>{t('roleMaps.tasks.intro')}</Paragraph>
      <div className="kompas-actions">
        <ButtonRouterLink to={`/role-maps/${id}/tasks/new`}>{t('roleMaps.tasks.new')}</ButtonRouterLink>
      </div>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <LoadError error={tasks.error} />
      ) : items.length === 0 ? (
        <Paragraph>{t('roleMaps.tasks.empty')}</Paragraph>
      ) : (
        <>
          <Table className="kompas-table">
            <TableCaption className="visually-hidden">{t('roleMaps.tasks.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('roleMaps.tasks.position')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('roleMaps.tasks.taskTitle')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('roleMaps.tasks.cluster')}</TableHeaderCell>
                <TableHeaderCell scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((task, index) => (
                <TableRow key={task.id}>
                  <TableCell>{index + 1}</TableCell>
                  <TableHeaderCell scope="row">
                    {task.title}
                    {task.description && <div className="kompas-muted">{task.description}</div>}
                  </TableHeaderCell>
                  <TableCell>{task.cluster || '—'}</TableCell>
                  <TableCell>
                    <div className="kompas-actions">
                      <Button
                        type="button"
                        appearance="subtle-button"
                        disabled={moving || index === 0}
                        onClick={() => void move(index, -1)}
                        aria-label={`${t('roleMaps.tasks.moveUp')}: ${task.title}`}
                      >
                        {t('roleMaps.tasks.moveUp')}
                      </Button>
                      <Button
                        type="button"
                        appearance="subtle-button"
                        disabled={moving || index === items.length - 1}
                        onClick={() => void move(index, 1)}
                        aria-label={`${t('roleMaps.tasks.moveDown')}: ${task.title}`}
                      >
                        {t('roleMaps.tasks.moveDown')}
                      </Button>
                      <ButtonRouterLink
                        to={`/role-maps/${id}/tasks/${task.id}/edit`}
                        aria-label={`${t('common.edit')}: ${task.title}`}
                      >
                        {t('common.edit')}
                      </ButtonRouterLink>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore list={tasks} />
        </>
      )}
      <p role={failed ? 'alert' : 'status'} className={status ? 'kompas-status' : 'visually-hidden'}>
        {status}
      </p>
    </>
  );
}
