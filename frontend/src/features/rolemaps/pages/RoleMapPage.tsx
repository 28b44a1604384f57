import { Alert, Button, ButtonGroup, Heading3, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { can } from '../../../auth/permissions';
import { useMe } from '../../../auth/useMe';
import { SelectField } from '../../../components/form/fields';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink, RouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { useAnalysis, useMatrix, useRoleMap, type RoleMap } from '../api';
import { AnalysisSummary, FindingsList, RaciLegend } from '../components/Findings';
import { MatrixTable } from '../components/MatrixTable';
import { useViewEditor, type EditFailure } from '../components/useViewEditor';
import { AGREED, buildGrid, changedCells, diffViews, viewProblems, type Perspective } from '../matrix';
import { maySpeakFor } from '../permissions';
import '../rolemaps.css';
import { useSearchParamUpdate } from '../../../lib/useSearchParamUpdate';

/** One role map: the matrix of a view (agreed or a party's), its findings and summary; editing a view. */
export default function RoleMapPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const map = useRoleMap(id);
  if (map.isPending) return <Loading />;
  if (map.isError)
    return (
      <>
        <PageHeading>{t('roleMaps.title')}</PageHeading>
        <LoadError error={map.error} />
      </>
    );
  return <RoleMapView key={id} map={map.data.data} />;
}

function RoleMapView({ map }: { map: RoleMap }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params, update] = useSearchParamUpdate();
  const requested = params.get('view') ?? AGREED;
  const perspective: Perspective = requested === AGREED || map.partyIds.includes(requested) ? requested : AGREED;
  const matrix = useMatrix(map.id, perspective);
  const analysis = useAnalysis(map.id);
  const editor = useViewEditor(map.id);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const captionId = useId();

  const parties = matrix.data?.parties ?? [];
  const partyNames = new Map(parties.map((party) => [party.id, party.name]));
  const taskTitles = new Map((matrix.data?.rows ?? []).map((row) => [row.taskId, row.title]));
  const editing = editor.editing?.perspective === perspective ? editor.editing : null;
  const grid = matrix.data ? buildGrid(matrix.data, analysis.data, editing?.draft) : null;
  const viewName = (p: Perspective) =>
    p === AGREED ? t('roleMaps.matrix.agreed') : t('roleMaps.matrix.partyView', { party: partyNames.get(p) ?? '…' });
  const role = me.data?.role;
  const mayEdit = maySpeakFor(me.data, perspective);
  const ownParty =
    (role === 'member' || role === 'partner') && me.data?.partyId && map.partyIds.includes(me.data.partyId) ? me.data.partyId : null;
  const diff = editing ? diffViews(editing.base, editing.draft) : null;
  const changeCount = diff ? diff.added.length + diff.removed.length : 0;
  const changed = editing ? changedCells(editing.base, editing.draft) : undefined;
  const conflicts = editing?.conflict.state === 'merged' ? new Set(editing.conflict.cells) : undefined;

  const choose = (value: Perspective) => {
    update({ view: value === AGREED ? '' : value });
    editor.setSaved(false);
  };

  const { saved } = editor;
  useEffect(() => {
    if (saved) statusRef.current?.focus();
  }, [saved]);

  // Starting to edit removes the edit button: focus goes to the grid's first role, not to nowhere.
  // Cancelling removes the grid: focus goes back to the edit button.
  const editingNow = editing !== null;
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editingNow) scrollRef.current?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus();
    else if (wasEditing.current && !saved) editButtonRef.current?.focus();
    wasEditing.current = editingNow;
  }, [editingNow, saved]);

  // Unsaved roles are not lost by closing the tab without a warning.
  useEffect(() => {
    if (changeCount === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [changeCount]);

  return (
    <>
      <PageHeading>{map.title}</PageHeading>
      <Paragraph>
        <RouterLink to="/role-maps">{t('roleMaps.backToList')}</RouterLink>
      </Paragraph>
      {(map.theme || map.description) && (
        <Paragraph>
          {map.theme && <strong>{map.theme}. </strong>}
          {map.description}
        </Paragraph>
      )}
      <nav aria-label={t('roleMaps.actions.label')} className="kompas-actions">
        {can.edit(role) && <ButtonRouterLink to={`/role-maps/${map.id}/edit`}>{t('roleMaps.actions.edit')}</ButtonRouterLink>}
        {can.edit(role) && <ButtonRouterLink to={`/role-maps/${map.id}/tasks`}>{t('roleMaps.actions.tasks')}</ButtonRouterLink>}
        <ButtonRouterLink to={`/role-maps/${map.id}/snapshots`}>{t('roleMaps.actions.snapshots')}</ButtonRouterLink>
        <ButtonRouterLink to={`/role-maps/${map.id}/csv`}>{t('roleMaps.actions.csv')}</ButtonRouterLink>
      </nav>

      <div className={`kompas-rolemap-layout${editing ? ' kompas-rolemap-layout--editing' : ''}`}>
        <Section id="matrix" title={t('roleMaps.matrix.heading')}>
          <div className="kompas-matrix-controls">
            {editing ? (
              <Paragraph className="kompas-status">{t('roleMaps.matrix.editingView', { view: viewName(perspective) })}</Paragraph>
            ) : (
              <SelectField
                name="view"
                label={t('roleMaps.matrix.perspective')}
                filter
                value={perspective}
                onChange={choose}
                error={null}
                options={[
                  { value: AGREED, label: t('roleMaps.matrix.agreed') },
                  ...parties.map((party) => ({ value: party.id, label: t('roleMaps.matrix.partyView', { party: party.name }) })),
                ]}
              />
            )}
            {!editing && mayEdit && matrix.data && !matrix.isPlaceholderData && (
              <Button
                ref={editButtonRef}
                type="button"
                appearance="secondary-action-button"
                busy={editor.busy}
                disabled={editor.busy}
                onClick={() => void editor.start(perspective)}
              >
                {t('roleMaps.matrix.edit', { view: viewName(perspective) })}
              </Button>
            )}
          </div>
          {!editing && ownParty && ownParty !== perspective && (
            <Paragraph>
              {t('roleMaps.matrix.ownHint', { party: partyNames.get(ownParty) ?? '' })}{' '}
              <RouterLink to={`?view=${ownParty}`} replace>
                {t('roleMaps.matrix.showOwn', { party: partyNames.get(ownParty) ?? '' })}
              </RouterLink>
            </Paragraph>
          )}
          {!editing && !mayEdit && <Paragraph className="kompas-muted">{t('roleMaps.matrix.readOnly')}</Paragraph>}
          <p ref={statusRef} tabIndex={-1} role="status" className={editor.saved ? 'kompas-status' : 'visually-hidden'}>
            {editor.saved ? t('roleMaps.matrix.saved') : ''}
          </p>
          <FailureMessage failure={editor.failure} taskTitles={taskTitles} partyNames={partyNames} />
          {editing?.conflict.state === 'stale' && (
            <Alert type="warning" role="alert" className="kompas-conflict">
              <Heading3>{t('conflict.title')}</Heading3>
              <Paragraph>{t('roleMaps.matrix.conflictExplanation')}</Paragraph>
              <Button type="button" appearance="secondary-action-button" disabled={editor.busy} onClick={() => void editor.reload()}>
                {t('conflict.reload')}
              </Button>
            </Alert>
          )}
          {editing?.conflict.state === 'merged' && (
            <Alert type="info" role="status" className="kompas-conflict">
              <Paragraph>
                {editing.conflict.cells.length === 0
                  ? t('roleMaps.matrix.mergedClean')
                  : t('roleMaps.matrix.conflictCells', { count: editing.conflict.cells.length })}
              </Paragraph>
            </Alert>
          )}
          <RaciLegend />
          {editing && <Paragraph id="matrix-keyboard-help">{t('roleMaps.matrix.keyboardHelp')}</Paragraph>}
          {matrix.isPending ? (
            <Loading />
          ) : matrix.isError ? (
            <LoadError error={matrix.error} />
          ) : grid && grid.parties.length === 0 ? (
            <Paragraph>{t('roleMaps.matrix.noParties')}</Paragraph>
          ) : grid && grid.rowCount === 0 ? (
            <Paragraph>{t('roleMaps.matrix.empty')}</Paragraph>
          ) : (
            grid && (
              <div
                ref={scrollRef}
                className="kompas-matrix-scroll"
                role="region"
                aria-labelledby={captionId}
                aria-describedby={editing ? 'matrix-keyboard-help' : undefined}
                tabIndex={0}
              >
                <MatrixTable
                  grid={grid}
                  captionId={captionId}
                  caption={viewName(matrix.data?.perspective ?? perspective)}
                  editing={editing !== null}
                  onToggle={editor.toggle}
                  changed={changed}
                  conflicts={conflicts}
                />
              </div>
            )
          )}
          {editing && matrix.data && (
            <div className="kompas-matrix-toolbar">
              <Paragraph role="status">
                {changeCount === 0 ? t('roleMaps.matrix.noChanges') : t('roleMaps.matrix.changes', { count: changeCount })}
              </Paragraph>
              <ButtonGroup>
                <Button
                  type="button"
                  appearance="primary-action-button"
                  busy={editor.busy}
                  disabled={editor.busy || editing.conflict.state === 'stale'}
                  onClick={() => matrix.data && void editor.save(matrix.data)}
                >
                  {t('roleMaps.matrix.save')}
                </Button>
                <Button type="button" appearance="subtle-button" onClick={editor.cancel}>
                  {t('roleMaps.matrix.cancel')}
                </Button>
              </ButtonGroup>
            </div>
          )}
        </Section>

        <Section id="findings" title={t('roleMaps.findings.heading')}>
          {analysis.isPending ? (
            <Loading />
          ) : analysis.isError ? (
            <LoadError error={analysis.error} />
          ) : (
            <>
              <Paragraph>{t('roleMaps.findings.intro')}</Paragraph>
              <FindingsList analysis={analysis.data} taskTitles={taskTitles} />
            </>
          )}
        </Section>
      </div>

      <Section id="summary" title={t('roleMaps.summary.heading')}>
        {analysis.isPending ? (
          <Loading />
        ) : analysis.isError ? (
          <LoadError error={analysis.error} />
        ) : (
          <AnalysisSummary analysis={analysis.data} partyNames={partyNames} />
        )}
      </Section>
    </>
  );
}

/** Why saving a view failed: each refused row with its task and party, or what else went wrong. */
function FailureMessage({
  failure,
  taskTitles,
  partyNames,
}: {
  failure: EditFailure | null;
  taskTitles: Map<string, string>;
  partyNames: Map<string, string>;
}) {
  const { t } = useTranslation();
  if (!failure) return null;
  if (failure.kind !== 'refused') {
    return (
      <Alert type="error" role="alert">
        <Paragraph>{t(failure.kind === 'network' ? 'errors.network' : 'errors.loadFailed')}</Paragraph>
      </Alert>
    );
  }
  const { error, body } = failure;
  const rows = viewProblems(error.problem?.invalidParams ?? [], body, taskTitles, partyNames);
  return (
    <Alert type="error" role="alert">
      <Heading3>{t('roleMaps.matrix.saveFailed')}</Heading3>
      <Paragraph>{error.status === 403 ? t('errors.forbidden') : t('roleMaps.matrix.nothingSaved')}</Paragraph>
      {error.problem?.detail && <Paragraph lang="en">{error.problem.detail}</Paragraph>}
      {rows.length > 0 && (
        <UnorderedList>
          {rows.map((row, index) => (
            <UnorderedListItem key={index}>
              {row.task && row.party ? `${t('roleMaps.matrix.toggleCell', { task: row.task, party: row.party })}: ` : ''}
              <span lang="en">{row.reason}</span>
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </Alert>
  );
}
