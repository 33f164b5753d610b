import { stringify } from 'csv-stringify/sync';

/**
 * A CSV document for the staff to open in a spreadsheet: UTF-8 with a byte-order mark, so Excel on Windows
 * reads the Japanese text correctly, and a leading = + - @ escaped so no cell is ever run as a formula
 * (OWASP "CSV Injection") — names and notes in these files are typed by people.
 */
export function csvDocument(header: string[], rows: (string | number)[][]): string {
  return stringify(rows, { bom: true, escape_formulas: true, header: true, columns: header });
}
