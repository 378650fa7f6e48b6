// Advanced Search: a query over every observation type (field:value, ranges, wildcards, AND/OR/NOT,
// @type:ssl), with a histogram over time, the top values of any field, a paged results table, and
// CSV/JSON export of the matches. The query lives in the URL so a search can be shared.
import { useMemo, useState, type FormEvent } from 'react';
import { api, apiUrl } from '../api/client';
import type { Histogram, SearchResult, TopValues } from '../api/types';
import { AXIS, Chart, type ChartOption } from '../components/chart';
import { cellText, ErrorBox, Loading, Pager, Section } from '../components/common';
import { useFetch } from '../components/use-fetch';
import { fromLocalInput, toLocalInput, useI18n } from '../i18n';
import { href, hrefQuery, navigate, useRoute } from '../router';

const LIMIT = 100;
/** columns shown when the rows have many: the rest stay one click away in the field list */
const MAX_COLS = 14;

export function SearchPage() {
  const { t, time, num } = useI18n();
  const route = useRoute();
  const q = route.query.get('q') ?? '';
  const from = route.query.get('from') ? Number(route.query.get('from')) : undefined;
  const to = route.query.get('to') ? Number(route.query.get('to')) : undefined;
  const [text, setText] = useState(q);
  const [fromInput, setFromInput] = useState(toLocalInput(from));
  const [toInput, setToInput] = useState(toLocalInput(to));
  const [offset, setOffset] = useState(0);
  const [topField, setTopField] = useState('');
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const range = { from, to };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    navigate(hrefQuery(href('search'), { q: text.trim() || '*', from: fromLocalInput(fromInput), to: fromLocalInput(toInput) }));
  };

  const ran = q !== '';
  const results = useFetch((signal) => (ran ? api.get<SearchResult>('/search', { q, ...range, limit: LIMIT, offset }, signal) : Promise.resolve(undefined)), [q, from, to, offset]);
  const histogram = useFetch((signal) => (ran ? api.get<Histogram>('/search/histogram', { q, ...range, buckets: 60 }, signal) : Promise.resolve(undefined)), [q, from, to]);
  const fields = results.data?.fields ?? [];
  const field = topField && fields.includes(topField) ? topField : (fields.find((f) => f === 'id.resp_h') ?? fields[1] ?? '');
  const top = useFetch((signal) => (ran && field ? api.get<TopValues>('/search/top', { q, ...range, field, k: 10 }, signal) : Promise.resolve(undefined)), [q, from, to, field]);

  const chart = useMemo<ChartOption | undefined>(() => {
    const h = histogram.data;
    if (!h) return undefined;
    return {
      grid: { left: 48, right: 12, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: [{ type: 'bar', name: t('search.matches'), data: h.buckets.map((b) => [b.t * 1000, b.count]), itemStyle: { color: '#4c8df6' }, barMaxWidth: 16 }],
    };
  }, [histogram.data, t]);

  const cols = fields.filter((f) => !hidden.has(f)).slice(0, MAX_COLS);
  const maxTop = Math.max(1, ...(top.data?.values.map((v) => v.count) ?? [1]));
  const exportQuery = { q, ...range };

  return (
    <div className="page" data-page="search">
      <h1>{t('nav.search')}</h1>
      <form className="search-form" onSubmit={submit}>
        <input className="query mono" value={text} onChange={(e) => setText(e.target.value)} placeholder='@type:ssl AND id.resp_p:443 AND NOT server_name:*.microsoft.com' aria-label={t('search.query')} data-testid="search-q" spellCheck={false} />
        <label>
          {t('common.from')} <input type="datetime-local" value={fromInput} onChange={(e) => setFromInput(e.target.value)} />
        </label>
        <label>
          {t('common.to')} <input type="datetime-local" value={toInput} onChange={(e) => setToInput(e.target.value)} />
        </label>
        <button className="primary" type="submit" data-testid="search-run">
          {t('search.run')}
        </button>
      </form>
      <details className="help">
        <summary>{t('search.syntax')}</summary>
        <p className="mono">field:value · field:&gt;10 · field:[10 TO 20] · host:*.example.com · name:"a b" · AND OR NOT ( ) · @type:dns</p>
      </details>
      <ErrorBox error={results.error} retry={results.reload} />
      <Loading when={results.loading && ran && !results.data} />
      {results.data && (
        <>
          <p className="muted" data-testid="search-summary">
            {t('search.summary', { total: num(results.data.total), ms: num(Math.round(results.data.took_ms)), types: results.data.types.join(', ') || '—' })}
            {' · '}
            <a href={apiUrl('/search/export', { ...exportQuery, format: 'csv' })} download>
              {t('search.exportCsv')}
            </a>
            {' · '}
            <a href={apiUrl('/search/export', { ...exportQuery, format: 'json' })} download>
              {t('search.exportJson')}
            </a>
          </p>
          <div className="grid-2 wide-left">
            <Section title={t('search.histogram')}>
              <ErrorBox error={histogram.error} />
              {chart && <Chart option={chart} height={180} testId="histogram" />}
            </Section>
            <Section
              title={t('search.topValues')}
              extra={
                <select value={field} onChange={(e) => setTopField(e.target.value)} aria-label={t('search.field')} data-testid="top-field">
                  {fields.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              }
            >
              <ErrorBox error={top.error} />
              <table className="table dense" data-testid="top-values">
                <tbody>
                  {top.data?.values.map((v, n) => (
                    <tr key={n}>
                      <td className="mono">
                        <a href={hrefQuery(href('search'), { q: `(${q}) AND ${field}:"${cellText(v.value).replace(/(["\\])/g, '\\$1')}"`, from, to })}>{cellText(v.value)}</a>
                      </td>
                      <td className="bar-cell">
                        <span className="hbar" style={{ width: `${(v.count / maxTop) * 100}%` }} />
                      </td>
                      <td className="num">{num(v.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          </div>
          <Pager total={results.data.total} offset={offset} limit={LIMIT} onChange={setOffset} />
          <div className="scroll-x">
            <table className="table dense" data-testid="search-results">
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c} title={t('search.hideColumn')} className="clickable" onClick={() => setHidden(new Set([...hidden, c]))}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {results.data.rows.map((r, n) => (
                  <tr key={n}>
                    {cols.map((c) => (
                      <td key={c} className="mono nowrap cell">
                        {c === 'ts' && typeof r[c] === 'number' ? time(r[c]) : cellText(r[c])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hidden.size > 0 && (
            <button type="button" onClick={() => setHidden(new Set())}>
              {t('search.showAllColumns')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
