import { parseCsv } from '../../domain/payroll/csv';

/**
 * The payer's confirmation as a payer makes it: the exported CSV (from GET /api/payrolls/{id}/export) with its
 * last three columns filled in. `paid(cells)` decides each line (cells as exported: [payroll id, line number,
 * dossier code, …]); a paid line is dated `paidOn` ('DD/MM/YYYY') with a reference made from its line number.
 */
export function payerConfirmation(
  exportedCsv: string,
  paid: (cells: string[]) => boolean,
  paidOn: string,
): string {
  const [header, ...lines] = parseCsv(exportedCsv);
  const filled = lines.map((cells) => {
    const done = paid(cells);
    return [
      // Every exported column but the three the payer fills in (the payee's columns sit before them).
      ...cells.slice(0, -3),
      done ? 'Đã chi trả' : 'Chưa chi trả',
      done ? paidOn : '',
      done ? `BĐ-${cells[1]}` : '',
    ];
  });
  return [header!, ...filled]
    .map((cells) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','))
    .join('\r\n');
}
