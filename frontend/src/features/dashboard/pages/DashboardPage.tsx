import { Paragraph } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { PageHeading } from '../../../components/PageHeading';
import { LoadError, Loading } from '../../../components/QueryState';
import { ButtonRouterLink } from '../../../components/RouterLink';
import { Section } from '../../../components/Section';
import { formatDate, formatDateTime } from '../../joint/format';
import { useDashboard, type Dashboard } from '../api';
import { ChartFigure, DataTable } from '../components/ChartFigure';
import { LEVELS, clarityRows, participationRows, reflectionRows, type Row } from '../figures';
import '../dashboard.css';

// Dark enough against white for a graphic that carries meaning (WCAG 1.4.11, 3:1 and more).
const COLOURS = ['#0b3d6b', '#b34700', '#2e6b30', '#6a1b9a', '#00606b', '#8a6100', '#a0153e', '#4d4d4d'];
const AXIS = { fontSize: 12, fill: '#4d4d4d' };

function Bars({ rows, series, stacked = false, vertical = false }: { rows: Row[]; series: { key: string; name: string }[]; stacked?: boolean; vertical?: boolean }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout={vertical ? 'vertical' : 'horizontal'} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {vertical ? (
          <>
            <XAxis type="number" allowDecimals={false} tick={AXIS} />
            <YAxis type="category" dataKey="label" width={110} tick={AXIS} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={AXIS} />
            <YAxis allowDecimals={false} width={32} tick={AXIS} />
          </>
        )}
        <Tooltip />
        {series.length > 1 && <Legend />}
        {series.map((s, index) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={COLOURS[index % COLOURS.length]} stackId={stacked ? 'all' : undefined} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

function Lines({ rows, series, domain, unit }: { rows: Row[]; series: { key: string; name: string }[]; domain: [number, number]; unit?: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={AXIS} />
        <YAxis domain={domain} unit={unit} width={48} tick={AXIS} />
        <Tooltip />
        <Legend />
        {series.map((s, index) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stroke={COLOURS[index % COLOURS.length]}
            strokeWidth={2}
            connectNulls
            dot={{ r: 4 }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function Empty() {
  const { t } = useTranslation();
  return <Paragraph className="kompas-empty">{t('dashboard.empty')}</Paragraph>;
}

function AgendaSection({ figures }: { figures: Dashboard }) {
  const { t } = useTranslation();
  const byStatus = figures.agenda.byStatus.map((s) => ({ label: t(`agenda.statuses.${s.status}`), count: s.count }));
  const byPhase = figures.agenda.byPhase.map((p) => ({ label: p.phaseName ?? t('agenda.noPhase'), count: p.count }));
  const count = [{ key: 'count', name: t('dashboard.count') }];
  const columns = (first: string) => [
    { key: 'label', label: first },
    { key: 'count', label: t('dashboard.agendaItems'), numeric: true },
  ];
  return (
    <Section id="agenda" title={t('dashboard.agenda.title')}>
      <Paragraph>{t('dashboard.agenda.total', { count: figures.agenda.total })}</Paragraph>
      {figures.agenda.total === 0 ? (
        <Empty />
      ) : (
        <div className="kompas-dashboard-grid">
          <ChartFigure
            id="agenda-status"
            title={t('dashboard.agenda.byStatus')}
            chart={<Bars rows={byStatus} series={count} />}
            table={<DataTable caption={t('dashboard.agenda.byStatus')} columns={columns(t('dashboard.status'))} rows={byStatus} />}
          />
          <ChartFigure
            id="agenda-phase"
            title={t('dashboard.agenda.byPhase')}
            chart={<Bars rows={byPhase} series={count} vertical />}
            table={<DataTable caption={t('dashboard.agenda.byPhase')} columns={columns(t('dashboard.phase'))} rows={byPhase} />}
          />
        </div>
      )}
    </Section>
  );
}

function BallSection({ figures }: { figures: Dashboard }) {
  const { t } = useTranslation();
  const series = [
    { key: 'stalledAgendaItems', name: t('dashboard.ball.stalledAgendaItems') },
    { key: 'stalledQuestions', name: t('dashboard.ball.stalledQuestions') },
    { key: 'pendingHandoffs', name: t('dashboard.ball.pendingHandoffs') },
  ];
  const rows = figures.ball.map((b) => ({
    label: b.partyName,
    stalledAgendaItems: b.stalledAgendaItems,
    stalledQuestions: b.stalledQuestions,
    pendingHandoffs: b.pendingHandoffs,
  }));
  return (
    <Section id="ball" title={t('dashboard.ball.title')}>
      <Paragraph>{t('dashboard.ball.intro')}</Paragraph>
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <ChartFigure
          id="ball-chart"
          title={t('dashboard.ball.chart')}
          chart={<Bars rows={rows} series={series} stacked vertical />}
          table={
            <DataTable
              caption={t('dashboard.ball.chart')}
              columns={[{ key: 'label', label: t('dashboard.party') }, ...series.map((s) => ({ key: s.key, label: s.name, numeric: true }))]}
              rows={rows}
            />
          }
        />
      )}
    </Section>
  );
}

function RoleMapSection({ figures }: { figures: Dashboard }) {
  const { t, i18n } = useTranslation();
  const day = (iso: string) => formatDate(iso.slice(0, 10), i18n.language);
  const { rows, series } = clarityRows(figures.roleMaps, (iso) => formatDateTime(iso, i18n.language));
  const tableRows = figures.roleMaps.flatMap((map) =>
    map.snapshots.map((s) => ({
      label: map.title,
      snapshot: s.label,
      date: day(s.takenAt),
      clarity: t('dashboard.percent', { value: Math.round(s.clarity * 100) }),
      findings: s.findings,
    })),
  );
  return (
    <Section id="role-maps" title={t('dashboard.roleMaps.title')}>
      <Paragraph>{t('dashboard.roleMaps.intro')}</Paragraph>
      {tableRows.length === 0 ? (
        <Empty />
      ) : (
        <ChartFigure
          id="clarity-chart"
          title={t('dashboard.roleMaps.chart')}
          chart={<Lines rows={rows} series={series} domain={[0, 100]} unit="%" />}
          table={
            <DataTable
              caption={t('dashboard.roleMaps.chart')}
              columns={[
                { key: 'label', label: t('dashboard.roleMaps.map') },
                { key: 'snapshot', label: t('dashboard.roleMaps.snapshot') },
                { key: 'date', label: t('dashboard.date') },
                { key: 'clarity', label: t('dashboard.roleMaps.clarity'), numeric: true },
                { key: 'findings', label: t('dashboard.roleMaps.findings'), numeric: true },
              ]}
              rows={tableRows}
            />
          }
        />
      )}
    </Section>
  );
}

function SuccessSection({ figures }: { figures: Dashboard }) {
  const { t } = useTranslation();
  return (
    <Section id="successes" title={t('dashboard.successes.title')}>
      {figures.successesPerQuarter.length === 0 ? (
        <Empty />
      ) : (
        <QuarterTable id="successes-chart" title={t('dashboard.successes.chart')} quarters={figures.successesPerQuarter} valueLabel={t('dashboard.successes.count')} />
      )}
    </Section>
  );
}

function QuarterTable(props: { id: string; title: string; quarters: { quarter: string; count: number }[]; valueLabel: string }) {
  const { t } = useTranslation();
  const rows = props.quarters.map((q) => ({ label: q.quarter, count: q.count }));
  return (
    <ChartFigure
      id={props.id}
      title={props.title}
      chart={<Bars rows={rows} series={[{ key: 'count', name: props.valueLabel }]} />}
      table={
        <DataTable
          caption={props.title}
          columns={[
            { key: 'label', label: t('dashboard.quarter') },
            { key: 'count', label: props.valueLabel, numeric: true },
          ]}
          rows={rows}
        />
      }
    />
  );
}

function ParticipationSection({ figures }: { figures: Dashboard }) {
  const { t } = useTranslation();
  const rows = participationRows(figures.participation);
  const series = LEVELS.map((level) => ({ key: level, name: t(`agenda.levels.${level}`) }));
  return (
    <Section id="participation" title={t('dashboard.participation.title')}>
      <Paragraph>{t('dashboard.participation.intro')}</Paragraph>
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <ChartFigure
          id="participation-chart"
          title={t('dashboard.participation.chart')}
          chart={<Bars rows={rows} series={series} stacked vertical />}
          table={
            <DataTable
              caption={t('dashboard.participation.chart')}
              columns={[{ key: 'label', label: t('dashboard.party') }, ...series.map((s) => ({ key: s.key, label: s.name, numeric: true }))]}
              rows={rows}
            />
          }
        />
      )}
    </Section>
  );
}

function ReflectionSection({ figures }: { figures: Dashboard }) {
  const { t, i18n } = useTranslation();
  const { rows, series } = reflectionRows(figures.reflection, i18n.language);
  const tableRows = figures.reflection.flatMap((statement) =>
    statement.points.map((p) => ({
      label: i18n.language.startsWith('en') ? statement.textEn : statement.textNl,
      round: p.title,
      mean: p.mean === null ? t('dashboard.reflection.tooFew') : p.mean.toLocaleString(i18n.language, { maximumFractionDigits: 2 }),
      change: p.change === null ? '—' : p.change.toLocaleString(i18n.language, { signDisplay: 'always', maximumFractionDigits: 2 }),
    })),
  );
  return (
    <Section id="reflection" title={t('dashboard.reflection.title')}>
      <Paragraph>{t('dashboard.reflection.intro')}</Paragraph>
      {tableRows.length === 0 ? (
        <Empty />
      ) : (
        <ChartFigure
          id="reflection-chart"
          title={t('dashboard.reflection.chart')}
          chart={<Lines rows={rows} series={series} domain={[1, 5]} />}
          table={
            <DataTable
              caption={t('dashboard.reflection.chart')}
              columns={[
                { key: 'label', label: t('dashboard.reflection.statement') },
                { key: 'round', label: t('dashboard.reflection.round') },
                { key: 'mean', label: t('dashboard.reflection.mean'), numeric: true },
                { key: 'change', label: t('dashboard.reflection.change'), numeric: true },
              ]}
              rows={tableRows}
            />
          }
        />
      )}
    </Section>
  );
}

function LearningSection({ figures }: { figures: Dashboard }) {
  const { t } = useTranslation();
  const experiences = figures.experiences;
  const commitments = figures.commitments;
  return (
    <Section id="learning" title={t('dashboard.learning.title')}>
      <dl className="kompas-figures">
        <div>
          <dt>{t('dashboard.learning.experiences')}</dt>
          <dd>{experiences.total}</dd>
        </div>
        {experiences.byVisibility.map((v) => (
          <div key={v.visibility}>
            <dt>{t(`dashboard.learning.visibility.${v.visibility}`)}</dt>
            <dd>{v.count}</dd>
          </div>
        ))}
        {commitments && (
          <div>
            <dt>{t('dashboard.learning.commitments')}</dt>
            <dd>{commitments.people}</dd>
          </div>
        )}
      </dl>
      <div className="kompas-dashboard-grid">
        {experiences.byQuarter.length > 0 && (
          <QuarterTable id="experiences-chart" title={t('dashboard.learning.experiencesChart')} quarters={experiences.byQuarter} valueLabel={t('dashboard.learning.experiences')} />
        )}
        {commitments && commitments.parties.length > 0 && (
          <ChartFigure
            id="commitments-chart"
            title={t('dashboard.learning.commitmentsChart')}
            chart={
              <Bars
                rows={commitments.parties.map((p) => ({ label: p.partyName ?? t('dashboard.noParty'), people: p.people, shared: p.shared }))}
                series={[
                  { key: 'people', name: t('dashboard.learning.people') },
                  { key: 'shared', name: t('dashboard.learning.shared') },
                ]}
                vertical
              />
            }
            table={
              <DataTable
                caption={t('dashboard.learning.commitmentsChart')}
                columns={[
                  { key: 'label', label: t('dashboard.party') },
                  { key: 'people', label: t('dashboard.learning.people'), numeric: true },
                  { key: 'shared', label: t('dashboard.learning.shared'), numeric: true },
                ]}
                rows={commitments.parties.map((p) => ({ label: p.partyName ?? t('dashboard.noParty'), people: p.people, shared: p.shared }))}
              />
            }
          />
        )}
      </div>
    </Section>
  );
}

/** The interim results at a glance: charts, each with its figures as a table. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const dashboard = useDashboard();
  return (
    <>
      <PageHeading>{t('dashboard.title')}</PageHeading>
      <Paragraph>{t('dashboard.intro')}</Paragraph>
      <div className="kompas-actions">
        <ButtonRouterLink to="/reports/progress">{t('dashboard.report')}</ButtonRouterLink>
      </div>
      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.isError ? (
        <LoadError error={dashboard.error} />
      ) : (
        <>
          <Paragraph className="kompas-agenda-meta">{t('dashboard.generatedAt', { moment: formatDateTime(dashboard.data.generatedAt, i18n.language) })}</Paragraph>
          <AgendaSection figures={dashboard.data} />
          <BallSection figures={dashboard.data} />
          <RoleMapSection figures={dashboard.data} />
          <SuccessSection figures={dashboard.data} />
          <ParticipationSection figures={dashboard.data} />
          <ReflectionSection figures={dashboard.data} />
          <LearningSection figures={dashboard.data} />
        </>
      )}
    </>
  );
}
