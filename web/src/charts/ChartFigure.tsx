import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { useLanguage } from '../components/useLanguage';
import { downloadCsv, type CsvCell } from '../csv';
import { formatNumber } from '../format';

export interface TableColumn {
  label: string;
  numeric?: boolean;
  /** Display format for numbers in the on-screen table (the CSV keeps raw numbers). */
  format?: (value: number) => string;
}

export interface ChartTable {
  columns: readonly TableColumn[];
  rows: readonly (readonly CsvCell[])[];
}

/**
 * One chart with its title, a one-sentence summary, a table alternative (toggle; always
 * printed) and a CSV download of the same table.
 */
export function ChartFigure({
  id,
  title,
  summary,
  table,
  csvFile,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  table: ChartTable;
  csvFile: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const plainTitle = title.replace(/\u00ad/g, '');

  const cell = (value: CsvCell, col: TableColumn | undefined): string => {
    if (value === null || value === undefined) return t('common.none');
    if (typeof value === 'number') return col?.format ? col.format(value) : formatNumber(value, lang);
    if (value instanceof Date) return value.toLocaleDateString();
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    return value;
  };

  return (
    <section className="figure" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="figure__summary" id={`${id}-summary`}>
        {summary}
      </p>
      {children}
      <div className="figure__actions no-print">
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? t('funder.hideTable') : t('funder.showTable')}
          <span className="visually-hidden"> – {plainTitle}</span>
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => downloadCsv(csvFile, [table.columns.map((c) => c.label), ...table.rows], lang)}
        >
          <Icon name="download" size={16} />
          {t('funder.csv')}
          <span className="visually-hidden"> – {plainTitle}</span>
        </button>
      </div>
      <div id={tableId} className="figure__table print-show" hidden={!showTable}>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('funder.tableLabel', { chart: plainTitle })}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, ri) => (
                <tr key={ri}>
                  {row.map((value, ci) =>
                    ci === 0 ? (
                      <th key={ci} scope="row">
                        {cell(value, table.columns[ci])}
                      </th>
                    ) : (
                      <td key={ci} className={table.columns[ci]?.numeric ? 'num' : undefined}>
                        {cell(value, table.columns[ci])}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
