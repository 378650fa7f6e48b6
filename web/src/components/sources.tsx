// Ingest status per source: records, rate, lag and drops, with the last error when there is one.
import type { Source } from '../api/types';
import { useI18n } from '../i18n';

export function SourcesTable({ sources }: { sources: Source[] }) {
  const { t, num } = useI18n();
  if (!sources.length) return <p className="muted">{t('sources.none')}</p>;
  return (
    <table className="table" data-testid="sources">
      <thead>
        <tr>
          <th>{t('sources.name')}</th>
          <th>{t('sources.kind')}</th>
          <th className="num">{t('sources.records')}</th>
          <th className="num">{t('sources.rate')}</th>
          <th className="num">{t('sources.lag')}</th>
          <th className="num">{t('sources.drops')}</th>
          <th>{t('sources.error')}</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={s.name}>
            <td>{s.name}</td>
            <td>{s.kind}</td>
            <td className="num">{num(s.records)}</td>
            <td className="num">{num(Math.round(s.rate))}/s</td>
            <td className={`num ${s.lag_s > 60 ? 'warn' : ''}`}>{num(Math.round(s.lag_s))} s</td>
            <td className={`num ${s.drops > 0 ? 'warn' : ''}`}>{num(s.drops)}</td>
            <td className="warn">{s.last_error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
