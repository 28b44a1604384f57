import { Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DeleteAction } from '../../../components/DeleteAction';
import { TextAreaField, TextField } from '../../../components/form/fields';
import { FormLayout } from '../../../components/form/FormLayout';
import { useForm } from '../../../components/form/useForm';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { RouterLink } from '../../../components/RouterLink';
import { LIMITS } from '../../../lib/validation';
import { createTask, deleteTask, readTask, roleMapKeys, updateTask, type Task } from '../api';

interface TaskValues extends Record<string, unknown> {
  title: string;
  cluster: string;
  description: string;
}

const EMPTY: TaskValues = { title: '', cluster: '', description: '' };
const toValues = (task: Task): TaskValues => ({ title: task.title, cluster: task.cluster, description: task.description });

/** Add a task to a map (no task id in the route), or change or delete one. */
export default function TaskFormPage() {
  const { t } = useTranslation();
  const { id = '', taskId } = useParams();
  const task = useQuery({
    queryKey: roleMapKeys.task(id, taskId ?? ''),
    queryFn: () => readTask(id, taskId!),
    enabled: taskId !== undefined,
    staleTime: 0,
  });
  return (
    <>
      <PageHeading>{t(taskId ? 'roleMaps.tasks.editTitle' : 'roleMaps.tasks.newTitle')}</PageHeading>
      <Paragraph>
        <RouterLink to={`/role-maps/${id}/tasks`}>{t('roleMaps.tasks.backToTasks')}</RouterLink>
      </Paragraph>
      {!taskId ? (
        <TaskForm mapId={id} initial={EMPTY} etag={null} />
      ) : task.isPending ? (
        <Loading />
      ) : task.isError ? (
        <LoadError error={task.error} />
      ) : (
        <TaskForm key={taskId} mapId={id} taskId={taskId} initial={toValues(task.data.data)} etag={task.data.etag} />
      )}
    </>
  );
}

function TaskForm({ mapId, taskId, initial, etag }: { mapId: string; taskId?: string; initial: TaskValues; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const back = `/role-maps/${mapId}/tasks`;
  const form = useForm({
    initial,
    etag,
    rules: () => ({
      title: { required: true, maxLength: LIMITS.name },
      cluster: { maxLength: LIMITS.name },
      description: { maxLength: LIMITS.longText },
    }),
    submit: async (values, currentEtag) => {
      const body = { title: values.title.trim(), cluster: values.cluster.trim(), description: values.description };
      return taskId ? (await updateTask(mapId, taskId, body, currentEtag)).data : createTask(mapId, body);
    },
    reload: async () => {
      const latest = await readTask(mapId, taskId!);
      return { values: toValues(latest.data), etag: latest.etag };
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: roleMapKeys.one(mapId) });
      navigate(back);
    },
  });
  const labels = {
    title: t('roleMaps.tasks.taskTitle'),
    cluster: t('roleMaps.tasks.cluster'),
    description: t('common.description'),
  };
  const merged = form.conflict.state === 'merged' ? form.conflict : null;
  const latest = (field: keyof TaskValues & string) => (merged?.fields.includes(field) ? String(merged.latest[field]) : null);
  return (
    <>
      <FormLayout form={form} labels={labels} cancelTo={back}>
        <TextField {...form.field('title')} label={labels.title} required latest={latest('title')} />
        <TextField
          {...form.field('cluster')}
          label={labels.cluster}
          description={t('roleMaps.tasks.clusterHelp')}
          latest={latest('cluster')}
        />
        <TextAreaField {...form.field('description')} label={labels.description} rows={3} latest={latest('description')} />
      </FormLayout>
      {taskId && (
        <div className="kompas-delete">
          <DeleteAction
            name={initial.title}
            body={t('roleMaps.tasks.deleteBody')}
            onDelete={() => deleteTask(mapId, taskId, form.etag)}
            onDeleted={() => {
              void queryClient.invalidateQueries({ queryKey: roleMapKeys.one(mapId) });
              navigate(back);
            }}
          />
        </div>
      )}
    </>
  );
}
